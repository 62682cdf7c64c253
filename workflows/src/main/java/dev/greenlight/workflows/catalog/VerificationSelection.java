package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.VerificationCandidates.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups a verification run restore-tests, and which copy of each. Pure, so the workflow
 * decides the same on replay.
 *
 * <ul>
 *   <li>The newest backup, every run.
 *   <li>Then, rolling, every other backup not checked within {@code coverage} (or never): never
 *       checked ones first, oldest first, then the least recently checked; at most {@code perRun}
 *       restore tests in all. With the defaults (3 per run, coverage 4 runs) every backup of a
 *       catalog of up to 8 besides the newest is restore-tested at least once per coverage period.
 *   <li>A backup with a verified off-site copy alternates: after a check of the local copy comes
 *       one of the off-site copy, and the other way round; its first check reads the local copy.
 * </ul>
 */
public final class VerificationSelection {

  /** One restore test to run. */
  public record Choice(String backupId, String copy) {}

  private VerificationSelection() {}

  /**
   * @param newestFirst the catalog's backups, newest first
   */
  public static List<Choice> choose(
      List<Candidate> newestFirst, Instant now, Duration coverage, int perRun) {
    List<Choice> chosen = new ArrayList<>();
    if (newestFirst.isEmpty() || perRun < 1) {
      return chosen;
    }
    chosen.add(choice(newestFirst.get(0)));
    newestFirst.stream()
        .skip(1)
        .filter(c -> c.lastCheckAt() == null || !c.lastCheckAt().plus(coverage).isAfter(now))
        .sorted(
            Comparator.comparing(
                    (Candidate c) -> c.lastCheckAt() == null ? Instant.MIN : c.lastCheckAt())
                .thenComparing(Candidate::finishedAt))
        .limit(perRun - 1L)
        .forEach(c -> chosen.add(choice(c)));
    return chosen;
  }

  private static Choice choice(Candidate candidate) {
    boolean offsiteNext = candidate.offsite() && BackupCheck.LOCAL.equals(candidate.lastCopy());
    return new Choice(candidate.backupId(), offsiteNext ? BackupCheck.OFFSITE : BackupCheck.LOCAL);
  }
}
