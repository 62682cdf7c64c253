package dev.greenlight.workflows.activities;

import java.time.Instant;
import java.util.List;

/** A catalog's backups for scheduled verification, newest first. */
public record VerificationCandidates(String host, String directory, List<Candidate> backups) {

  public VerificationCandidates {
    backups = backups == null ? List.of() : List.copyOf(backups);
  }

  /**
   * One backup: when it finished, when it was last checked and which copy (null: never), and
   * whether it has a verified off-site copy.
   */
  public record Candidate(
      String backupId, Instant finishedAt, Instant lastCheckAt, String lastCopy, boolean offsite) {}
}
