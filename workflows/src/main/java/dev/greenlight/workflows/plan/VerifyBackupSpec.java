package dev.greenlight.workflows.plan;

import java.time.Duration;

/**
 * Checks of the backup taken earlier in the run: checksum and readability always; {@code
 * minSizeRatio} of the database size; not older than {@code maxAge}; with {@code restoreTest} a
 * restore into a scratch database ({@code scratchUrl}, or a throwaway database on the same server)
 * whose row counts must match the baseline.
 */
public record VerifyBackupSpec(
    boolean restoreTest, String scratchUrl, Double minSizeRatio, Duration maxAge) {}
