package dev.greenlight.workflows;

/**
 * An approver's GO for a gate. {@code gate} may be null when exactly one gate is open. {@code via}
 * is the surface ({@code cli}, {@code slack}) and {@code userId} the identity there. From Slack,
 * {@code approver} may be null: the deployment maps the Slack user to the plan's approver itself.
 */
public record Approval(String gate, String approver, String via, String userId, String comment) {

  /** The surface of decisions made in Slack (identified by {@code userId}, a Slack user id). */
  public static final String SLACK = "slack";

  /** A decision from Slack: the deployment resolves {@code userId} to the plan's approver. */
  public static Approval fromSlack(String gate, String userId, String comment) {
    return new Approval(gate, null, SLACK, userId, comment);
  }
}
