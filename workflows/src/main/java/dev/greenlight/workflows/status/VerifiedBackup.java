package dev.greenlight.workflows.status;

import java.time.Instant;

/** The backup that is this deployment's way back, once verified. */
public record VerifiedBackup(
    String id,
    String location,
    long bytes,
    String sha256,
    boolean restoreTested,
    Instant verifiedAt) {}
