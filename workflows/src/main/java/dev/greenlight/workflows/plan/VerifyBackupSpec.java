package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Duration;

/**
 * Checks of the backup taken earlier in the run: checksum and readability always; {@code
 * minSizeRatio} of the database size; not older than {@code maxAge}; with {@code restoreTest} a
 * restore into a scratch database ({@code scratchUrl}, or a throwaway database on the same server)
 * whose row counts must match the baseline.
 */
@JsonTypeName("verify-backup")
public record VerifyBackupSpec(
    boolean restoreTest, String scratchUrl, Double minSizeRatio, Duration maxAge)
    implements StepSpec {

  @Override
  public String describe() {
    return "verify-backup" + (restoreTest ? " with a restore test" : "");
  }
}
