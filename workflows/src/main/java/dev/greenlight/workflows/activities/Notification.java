package dev.greenlight.workflows.activities;

/**
 * One message for the war room about one deployment. With a Slack {@code channel} it is posted
 * there, as a reply in the thread of the deployment's message {@code threadTs} when known.
 */
public record Notification(
    String deploymentId,
    String release,
    String environment,
    String text,
    String channel,
    String threadTs) {

  public Notification(String deploymentId, String release, String environment, String text) {
    this(deploymentId, release, environment, text, null, null);
  }
}
