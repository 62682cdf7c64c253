package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.status.BackupResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code backups check}'s rule, as data: a fresh verified backup, and a newest that did not fail.
 */
class FreshnessTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration MAX_AGE = Duration.ofHours(26);

  @Test
  void aVerifiedBackupWithinTheMaximumAgeIsFresh() {
    CatalogListing listing =
        listing(entry("new", 3, null, null), entry("verified", 20, NOW.minusSeconds(60), null));

    assertThat(Freshness.problem(listing, NOW, MAX_AGE)).isNull();
    assertThat(Freshness.fine(listing, NOW)).startsWith("fresh: verified is 20h old, verified at ");
  }

  @Test
  void aVerifiedBackupOlderThanTheMaximumAgeIsNot() {
    CatalogListing listing =
        listing(entry("new", 3, null, null), entry("old", 30, NOW.minusSeconds(60), null));

    assertThat(Freshness.problem(listing, NOW, MAX_AGE))
        .isEqualTo(
            "no verified backup newer than 1d2h in /b on host db-1; the newest verified is old,"
                + " 1d6h old");
  }

  @Test
  void aNewestBackupThatFailedItsLastCheckIsNotFreshWhateverElseIsVerified() {
    BackupCheck failed =
        new BackupCheck(NOW, false, BackupCheck.OFFSITE, null, "checksum mismatch");
    CatalogListing listing =
        listing(
            entry("new", 3, NOW.minusSeconds(600), failed),
            entry("verified", 20, NOW.minusSeconds(60), null));

    assertThat(Freshness.problem(listing, NOW, MAX_AGE))
        .isEqualTo(
            "the newest backup new failed its last check at 2026-12-01T12:00:00Z: checksum"
                + " mismatch");
  }

  @Test
  void aFailedBackupDoesNotCountAsVerified() {
    BackupCheck failed = new BackupCheck(NOW, false, BackupCheck.LOCAL, 1000L, "over the RTO");
    CatalogListing listing =
        listing(entry("new", 3, null, null), entry("failed", 5, NOW.minusSeconds(600), failed));

    assertThat(Freshness.problem(listing, NOW, MAX_AGE)).endsWith("; none is verified");
  }

  private static CatalogListing listing(CatalogEntry... entries) {
    return new CatalogListing("db-1", "/b", List.of(entries));
  }

  private static CatalogEntry entry(String id, int hoursOld, Instant verified, BackupCheck check) {
    Instant finished = NOW.minus(Duration.ofHours(hoursOld));
    BackupResult backup =
        new BackupResult(
            id,
            "l",
            "pg_dump",
            "db",
            "/b/" + id,
            null,
            "custom",
            2048,
            null,
            List.of(),
            null,
            null,
            finished.minusSeconds(60),
            finished,
            null,
            null,
            null);
    return new CatalogEntry(backup, verified, null, check);
  }
}
