package dev.greenlight.workflows.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.VerificationCandidates.Candidate;
import dev.greenlight.workflows.catalog.VerificationSelection.Choice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which backups a run restore-tests: the newest, then the least recently checked, capped. */
class VerificationSelectionTest {

  private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
  private static final Duration COVERAGE = Duration.ofDays(28);

  @Test
  void theNewestEveryRunThenNeverCheckedOldestFirstThenLeastRecentlyCheckedUpToTheCap() {
    List<Candidate> catalog =
        List.of(
            candidate("newest", 1, NOW.minus(Duration.ofDays(7)), null),
            candidate("checked-yesterday", 2, NOW.minus(Duration.ofDays(1)), null),
            candidate("never-recent", 3, null, null),
            candidate("checked-40d-ago", 4, NOW.minus(Duration.ofDays(40)), null),
            candidate("never-old", 5, null, null));

    assertThat(VerificationSelection.choose(catalog, NOW, COVERAGE, 3))
        .extracting(Choice::backupId)
        .containsExactly("newest", "never-old", "never-recent");
    assertThat(VerificationSelection.choose(catalog, NOW, COVERAGE, 10))
        .extracting(Choice::backupId)
        .containsExactly("newest", "never-old", "never-recent", "checked-40d-ago");
    assertThat(VerificationSelection.choose(catalog, NOW, COVERAGE, 1))
        .extracting(Choice::backupId)
        .containsExactly("newest");
    assertThat(VerificationSelection.choose(List.of(), NOW, COVERAGE, 3)).isEmpty();
  }

  @Test
  void aBackupWithAnOffsiteCopyAlternatesBetweenItsCopies() {
    assertThat(choose(candidate("b", 1, null, null, true)).copy()).isEqualTo(BackupCheck.LOCAL);
    assertThat(choose(candidate("b", 1, NOW, BackupCheck.LOCAL, true)).copy())
        .isEqualTo(BackupCheck.OFFSITE);
    assertThat(choose(candidate("b", 1, NOW, BackupCheck.OFFSITE, true)).copy())
        .isEqualTo(BackupCheck.LOCAL);
    assertThat(choose(candidate("b", 1, NOW, BackupCheck.LOCAL, false)).copy())
        .as("no off-site copy: always the local one")
        .isEqualTo(BackupCheck.LOCAL);
  }

  private static Choice choose(Candidate only) {
    return VerificationSelection.choose(List.of(only), NOW, COVERAGE, 3).get(0);
  }

  private static Candidate candidate(String id, int weeksOld, Instant checked, String copy) {
    return candidate(id, weeksOld, checked, copy, false);
  }

  private static Candidate candidate(
      String id, int weeksOld, Instant checked, String copy, boolean offsite) {
    return new Candidate(id, NOW.minus(Duration.ofDays(7L * weeksOld)), checked, copy, offsite);
  }
}
