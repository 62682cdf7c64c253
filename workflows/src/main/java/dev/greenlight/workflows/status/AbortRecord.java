package dev.greenlight.workflows.status;

import dev.greenlight.workflows.proof.Proof;
import java.time.Instant;

/**
 * Who stopped a deployment by hand, from where, when and why; {@code proof} and {@code signer} when
 * the request was signed and the signature held (an abort with a bad signature is recorded as
 * unsigned, with {@code by} marked so: the cancellation itself cannot be refused).
 */
public record AbortRecord(
    String by, String via, String reason, Instant at, Proof proof, String signer) {

  public AbortRecord(String by, String via, String reason, Instant at) {
    this(by, via, reason, at, null, null);
  }
}
