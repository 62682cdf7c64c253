package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.status.BackupResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune keeps what it is told to and never removes the newest verified backup, a pinned one (until
 * it is unpinned) or a backup still being taken; each verdict says why.
 */
class PruneTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir Path directory;

  @Test
  void keepLastNeverDeletesTheNewestVerifiedBackup() throws Exception {
    catalogued("a-verified", 40, true);
    catalogued("b", 30, false);
    catalogued("c", 20, false);
    catalogued("d", 10, false);

    Catalog.PrunePlan plan = Catalog.planPrune(directory, 1, null, NOW);

    assertThat(plan.delete()).extracting(Catalog.Entry::id).containsExactly("c", "b");
    assertThat(plan.keep()).extracting(Catalog.Entry::id).containsExactly("d", "a-verified");
    assertThat(plan.protectedEntry().id()).isEqualTo("a-verified");

    for (Catalog.Entry entry : plan.delete()) {
      Catalog.delete(entry);
    }
    assertThat(Catalog.list(directory))
        .extracting(Catalog.Entry::id)
        .containsExactly("d", "a-verified");
  }

  @Test
  void olderThanAndKeepLastTogetherDeleteOnlyWhatMatchesBoth() throws Exception {
    catalogued("old-verified", 50, true);
    catalogued("old", 40, false);
    catalogued("recent", 1, false);

    assertThat(Catalog.planPrune(directory, null, Duration.ofDays(30), NOW).delete())
        .extracting(Catalog.Entry::id)
        .containsExactly("old");
    assertThat(Catalog.planPrune(directory, 2, Duration.ofDays(30), NOW).delete()).isEmpty();
  }

  @Test
  void aPinnedBackupIsKeptUntilUnpinnedOnPurpose() throws Exception {
    catalogued("way-back", 90, false);
    catalogued("recent", 1, false);
    Catalog.pin(directory, "way-back", "the way back of deployment deploy-x", NOW);
    RetentionPolicy policy = RetentionPolicy.parse("last=1");

    Catalog.PrunePlan plan = Catalog.planPrune(directory, policy, Set.of(), NOW);

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.decisions())
        .extracting(Catalog.Decision::reason)
        .containsExactly("last 1 of 1", "pinned: the way back of deployment deploy-x");

    Catalog.unpin(directory, "way-back");
    plan = Catalog.planPrune(directory, policy, Set.of(), NOW);
    assertThat(plan.delete()).extracting(Catalog.Entry::id).containsExactly("way-back");
    assertThat(plan.decisions().get(1).reason()).isEqualTo("no rule of last=1 keeps it");
  }

  @Test
  void aBackupPinnedAfterThePlanWasMadeIsPutBackNotDeleted() throws Exception {
    catalogued("old", 90, false);
    catalogued("recent", 1, false);
    Catalog.PrunePlan plan = Catalog.planPrune(directory, 1, null, NOW);
    assertThat(plan.delete()).extracting(Catalog.Entry::id).containsExactly("old");

    // meanwhile a deployment verifies "old" and records it as its way back
    Catalog.markVerified(
        directory.resolve("old").resolve(Manifest.FILE).toString(),
        NOW,
        true,
        "the way back of deployment deploy-y");

    assertThat(Catalog.delete(plan.delete().get(0))).isFalse();
    assertThat(Catalog.list(directory)).extracting(Catalog.Entry::id).contains("old");
  }

  @Test
  void backupsBeingTakenAreNeverPruned() throws Exception {
    catalogued("done", 90, false);
    Path partial = Files.createDirectories(directory.resolve(".partial-0123456789abcdef"));
    Files.writeString(partial.resolve("archive.pgdump"), "half");

    Catalog.PrunePlan plan = Catalog.planPrune(directory, 0, null, NOW);
    for (Catalog.Entry entry : plan.delete()) {
      Catalog.delete(entry);
    }

    assertThat(plan.delete()).extracting(Catalog.Entry::id).containsExactly("done");
    assertThat(partial.resolve("archive.pgdump")).exists();
  }

  @Test
  void anEmptyPolicyDeletesNothing() throws Exception {
    catalogued("a", 400, false);
    catalogued("b", 300, false);

    Catalog.PrunePlan plan = Catalog.planPrune(directory, RetentionPolicy.parse(""), Set.of(), NOW);

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.decisions())
        .allSatisfy(
            d ->
                assertThat(d.reason())
                    .isEqualTo("no retention rule: an empty policy deletes nothing"));
  }

  @Test
  void aBackupHeldByAnOpenRollbackGateIsKept() throws Exception {
    catalogued("held", 90, false);
    catalogued("recent", 1, false);

    Catalog.PrunePlan plan =
        Catalog.planPrune(directory, RetentionPolicy.parse("last=1"), Set.of("held"), NOW);

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.decisions().get(1).reason()).isEqualTo("held by an open rollback gate");
  }

  private void catalogued(String id, int daysAgo, boolean verified) throws Exception {
    Instant finished = NOW.minus(Duration.ofDays(daysAgo));
    Path dir = Files.createDirectories(directory.resolve(id));
    BackupResult backup =
        new BackupResult(
            id,
            "l",
            "pg_dump",
            "db",
            dir.resolve("archive").toString(),
            dir.resolve(Manifest.FILE).toString(),
            "directory",
            10,
            "x",
            List.of(),
            "15",
            "pg_dump 15",
            finished,
            finished,
            null,
            null);
    new Manifest(1, "key-" + id, backup, List.of(), null, verified ? finished : null)
        .write(dir.resolve(Manifest.FILE));
  }
}
