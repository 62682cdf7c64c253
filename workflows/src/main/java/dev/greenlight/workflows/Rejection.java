package dev.greenlight.workflows;

/** An approver's NO-GO for a gate; it needs a reason, and it aborts the deployment. */
public record Rejection(String gate, String approver, String via, String userId, String reason) {

  /** A rejection from Slack: the deployment resolves {@code userId} to the plan's approver. */
  public static Rejection fromSlack(String gate, String userId, String reason) {
    return new Rejection(gate, null, Approval.SLACK, userId, reason);
  }
}
