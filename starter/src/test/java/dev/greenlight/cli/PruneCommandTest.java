package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Manifest;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.OffsiteCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backups prune --keep RULES} shows every backup with keep or delete and the rule that keeps
 * it, deletes only with {@code --yes}, never a pinned one; a mistyped policy deletes nothing;
 * {@code pin} and {@code unpin} say what they did; {@code list} shows pins, keys and copies. All
 * through Temporal, on the worker whose catalog it is.
 */
class PruneCommandTest {

  @RegisterExtension static final DevTemporal temporal = new DevTemporal("prune-test");

  @TempDir Path catalog;

  /** {@code greenlight backups ARGS --directory CATALOG} through this test's server and worker. */
  private Cli backups(String... args) {
    List<String> line = new ArrayList<>(List.of("backups"));
    line.addAll(List.of(args));
    line.addAll(List.of("--directory", catalog.toString(), "--temporal", temporal.address()));
    return Cli.run(line.toArray(String[]::new));
  }

  @Test
  void keepRulesShowEveryVerdictAndDeleteOnlyWithYes() throws Exception {
    catalogued("today", 0);
    catalogued("yesterday", 1);
    catalogued("last-week", 8);
    catalogued("way-back", 60);
    Cli pinned = backups("pin", "way-back", "--reason", "before the v3 migration");
    assertThat(pinned.out()).isEqualTo("pinned way-back: before the v3 migration\n");

    Cli dry = backups("prune", "--keep", "daily=2");

    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out().lines().toList())
        .containsExactly(
            "keep         today  daily " + day(0) + " (1 of 2)",
            "keep         yesterday  daily " + day(1) + " (2 of 2)",
            "would delete last-week  no rule of daily=2 keeps it",
            "keep         way-back  pinned: before the v3 migration",
            "1 to delete, 3 kept; add --yes to delete");
    assertThat(Catalog.list(catalog)).hasSize(4);

    Cli real = backups("prune", "--keep", "daily=2", "--yes");
    assertThat(real.out()).contains("deleted      last-week  ").contains("1 deleted, 3 kept");
    assertThat(Catalog.list(catalog))
        .extracting(Catalog.Entry::id)
        .containsExactly("today", "yesterday", "way-back");

    Cli unpinned = backups("unpin", "way-back");
    assertThat(unpinned.out()).isEqualTo("unpinned way-back (was: before the v3 migration)\n");
    assertThat(backups("prune", "--keep", "daily=2").out())
        .contains("would delete way-back  no rule of daily=2 keeps it");
  }

  @Test
  void aMistypedOrEmptyPolicyDeletesNothing() throws Exception {
    catalogued("old", 400);

    Cli typo = backups("prune", "--keep", "dialy=14", "--yes");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err())
        .isEqualTo(
            "greenlight: --keep: unknown rule 'dialy': expected last, hourly, daily, weekly,"
                + " monthly, yearly or within; nothing deleted\n");

    Cli empty = backups("prune", "--keep", "", "--yes");
    assertThat(empty.code()).isZero();
    assertThat(empty.out())
        .contains("keep         old  no retention rule: an empty policy deletes nothing")
        .contains("0 deleted, 1 kept");
    assertThat(Catalog.list(catalog)).hasSize(1);
  }

  @Test
  void listShowsPinsKeysAndOffsiteCopies() throws Exception {
    catalogued("copied", 0);
    Path manifest = catalog.resolve("copied").resolve(Manifest.FILE);
    Catalog.recordOffsite(
        manifest, new OffsiteCopy("s3://acme-backups/prod/copied/", Instant.now()));
    Catalog.pin(catalog, "copied", "way back", Instant.now());

    Cli list = backups("list");

    assertThat(list.out().lines().toList().get(0))
        .endsWith("SHA256            PINNED KEY        OFFSITE");
    assertThat(list.out().lines().toList().get(1))
        .endsWith("yes    -          s3://acme-backups/prod/copied/");
  }

  private static final Instant NOW = Instant.now();

  private static String day(int daysAgo) {
    return NOW.minus(Duration.ofDays(daysAgo)).toString().substring(0, 10);
  }

  private void catalogued(String id, int daysAgo) throws Exception {
    Instant finished = NOW.minus(Duration.ofDays(daysAgo));
    Path dir = Files.createDirectories(catalog.resolve(id));
    BackupResult backup =
        new BackupResult(
            id,
            "l",
            "pg_dump",
            "db",
            dir.resolve("archive.pgdump").toString(),
            dir.resolve(Manifest.FILE).toString(),
            "custom",
            10,
            "0123456789abcdef0123",
            List.of(),
            "15",
            "pg_dump 15",
            finished,
            finished,
            null,
            null,
            null);
    new Manifest(1, "key-" + id, backup, List.of(), null, null).write(dir.resolve(Manifest.FILE));
  }
}
