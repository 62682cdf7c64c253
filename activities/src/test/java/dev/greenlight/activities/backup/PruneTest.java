package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.status.BackupResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune keeps what it is told to and never removes the newest verified backup. */
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
            null);
    new Manifest(1, "key-" + id, backup, List.of(), null, verified ? finished : null)
        .write(dir.resolve(Manifest.FILE));
  }
}
