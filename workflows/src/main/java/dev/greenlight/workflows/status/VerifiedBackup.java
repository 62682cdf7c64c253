package dev.greenlight.workflows.status;

import java.time.Instant;

/**
 * The backup that is this deployment's way back, once verified. {@code restoreMillis} is how long
 * its restore test took (the expected restore time); null without a restore test, and in records
 * made before it was kept.
 */
public record VerifiedBackup(
    String id,
    String location,
    long bytes,
    String sha256,
    boolean restoreTested,
    Instant verifiedAt,
    Long restoreMillis) {

  /** A verified backup whose restore test's duration is not known. */
  public VerifiedBackup(
      String id,
      String location,
      long bytes,
      String sha256,
      boolean restoreTested,
      Instant verifiedAt) {
    this(id, location, bytes, sha256, restoreTested, verifiedAt, null);
  }
}
