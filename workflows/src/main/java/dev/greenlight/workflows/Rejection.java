package dev.greenlight.workflows;

import dev.greenlight.workflows.proof.Proof;

/**
 * An approver's NO-GO for a gate; it needs a reason, and it aborts the deployment. {@code evidence}
 * and {@code proof} as for an {@link Approval}.
 */
public record Rejection(
    String gate,
    String approver,
    String via,
    String userId,
    String reason,
    String evidence,
    Proof proof) {

  /** An unsigned rejection that names no evidence. */
  public Rejection(String gate, String approver, String via, String userId, String reason) {
    this(gate, approver, via, userId, reason, null, null);
  }

  /** A rejection from Slack: the deployment resolves {@code userId} to the plan's approver. */
  public static Rejection fromSlack(String gate, String userId, String reason) {
    return new Rejection(gate, null, Approval.SLACK, userId, reason);
  }

  /** The same rejection on {@code seen} evidence, signed with {@code signed}. */
  public Rejection with(String seen, Proof signed) {
    return new Rejection(gate, approver, via, userId, reason, seen, signed);
  }
}
