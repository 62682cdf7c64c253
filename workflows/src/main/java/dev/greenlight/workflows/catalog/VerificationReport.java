package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.BackupCheck;
import java.util.List;

/**
 * One run of a scheduled verification: each backup tested and its check; {@code unchecked} are
 * backups whose test could not run (the scratch server or S3 unreachable), with why: they are not
 * marked failed.
 */
public record VerificationReport(
    String host, String directory, List<Outcome> outcomes, List<Outcome> unchecked) {

  public VerificationReport {
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    unchecked = unchecked == null ? List.of() : List.copyOf(unchecked);
  }

  /** The check of one backup. */
  public record Outcome(String backupId, BackupCheck check) {}

  public boolean allPassed() {
    return unchecked.isEmpty() && outcomes.stream().allMatch(o -> o.check().passed());
  }
}
