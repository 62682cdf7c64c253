package dev.greenlight.workflows.plan;

/**
 * A person who may decide gates (or start deployments), with the Slack user id that identifies them
 * there and, optionally, the public SSH key ({@code ssh-ed25519 AAAA… comment}) their decisions are
 * signed with. {@code key} is null in plans without keys and in runs started before keys existed.
 */
public record Approver(String slack, String key) {

  /** A person known by name and Slack id only. */
  public Approver(String slack) {
    this(slack, null);
  }
}
