package dev.greenlight.workflows.status;

import dev.greenlight.workflows.proof.Proof;
import java.time.Instant;

/**
 * A person's decision on a gate: who, through which surface ({@code cli} or {@code slack}) and
 * under which identity there (the Slack user id, or the CLI's {@code --as}), when, and why. {@code
 * evidence} is the evidence digest the decision was made on; {@code proof} its signature and {@code
 * signer} the fingerprint of the key that made it (both null when unsigned).
 */
public record Decision(
    String approver,
    String via,
    String userId,
    Instant at,
    String comment,
    String evidence,
    Proof proof,
    String signer) {

  public Decision(String approver, String via, String userId, Instant at, String comment) {
    this(approver, via, userId, at, comment, null, null, null);
  }
}
