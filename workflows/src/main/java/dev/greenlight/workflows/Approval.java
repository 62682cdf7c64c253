package dev.greenlight.workflows;

import dev.greenlight.workflows.proof.Proof;

/**
 * An approver's GO for a gate. {@code gate} may be null when exactly one gate is open. {@code via}
 * is the surface ({@code cli}, {@code slack}) and {@code userId} the identity there. From Slack,
 * {@code approver} may be null: the deployment maps the Slack user to the plan's approver itself.
 * {@code evidence} is the gate's evidence digest its maker saw (null: not said); {@code proof} its
 * signature (null: unsigned).
 */
public record Approval(
    String gate,
    String approver,
    String via,
    String userId,
    String comment,
    String evidence,
    Proof proof) {

  /** The surface of decisions made in Slack (identified by {@code userId}, a Slack user id). */
  public static final String SLACK = "slack";

  /** An unsigned approval that names no evidence. */
  public Approval(String gate, String approver, String via, String userId, String comment) {
    this(gate, approver, via, userId, comment, null, null);
  }

  /** A decision from Slack: the deployment resolves {@code userId} to the plan's approver. */
  public static Approval fromSlack(String gate, String userId, String comment) {
    return new Approval(gate, null, SLACK, userId, comment);
  }

  /** The same approval on {@code seen} evidence, signed with {@code signed}. */
  public Approval with(String seen, Proof signed) {
    return new Approval(gate, approver, via, userId, comment, seen, signed);
  }
}
