package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog commands, through Temporal to a worker: list, offline verify (which catches a flipped
 * byte), prune dry run. One worker, so the shared queue reaches it without {@code --host}.
 */
class BackupsCommandTest {

  @RegisterExtension static final DevTemporal temporal = new DevTemporal("catalog-test");

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path catalog;

  /** The CLI against this test's server, reading {@code catalog} on the worker. */
  private Cli backups(String... args) {
    List<String> line = new ArrayList<>(List.of("backups"));
    line.addAll(List.of(args));
    line.addAll(List.of("--directory", catalog.toString(), "--temporal", temporal.address()));
    return Cli.run(line.toArray(String[]::new));
  }

  @Test
  void listVerifyAndPrune() throws Exception {
    Fixtures.menuca(database);
    BackupEngine engine =
        new BackupEngine(new PgTools(null), new DatabaseConnector(name -> null), Clock.systemUTC());
    BackupSpec spec =
        new BackupSpec(
            "pg_dump", catalog.toString(), "custom", null, null, List.of(), null, null, null);
    BackupResult older =
        engine.backup(
            new BackupRequest("k1", "test-pre-a", database.target(), spec, null), b -> {});
    Thread.sleep(1100);
    BackupResult newer =
        engine.backup(
            new BackupRequest("k2", "test-pre-a", database.target(), spec, null), b -> {});

    Cli list = backups("list");
    assertThat(list.code()).isZero();
    assertThat(list.out().lines().skip(1).map(l -> l.split(" ")[0]).toList())
        .containsExactly(newer.id(), older.id());

    Cli verify = backups("verify", older.id());
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out())
        .startsWith("backup " + older.id() + ": 1 files match their checksums; pg_restore reads ");

    Cli prune = backups("prune", "--keep-last", "1");
    assertThat(prune.out()).contains("would delete " + older.id()).contains("add --yes");
    assertThat(Files.exists(Path.of(older.location()))).isTrue();

    BackupFile file = older.files().get(0);
    try (RandomAccessFile raw = new RandomAccessFile(older.location(), "rw")) {
      raw.seek(file.bytes() / 2);
      int value = raw.read();
      raw.seek(file.bytes() / 2);
      raw.write(value ^ 0xff);
    }
    Cli damaged = backups("verify", older.id());
    assertThat(damaged.code()).isEqualTo(7);
    assertThat(damaged.err())
        .startsWith(
            "greenlight: backup " + older.id() + " failed verification: checksum mismatch in ");

    Cli noRule = backups("prune");
    assertThat(noRule.code()).isEqualTo(2);
    assertThat(noRule.err())
        .isEqualTo(
            "greenlight: say what to keep: --keep RULES (such as daily=14,weekly=12,monthly=12),"
                + " --keep-last N or --older-than AGE\n");

    Cli pruned = backups("prune", "--keep-last", "1", "--yes");
    assertThat(pruned.code()).as(pruned.err()).isZero();
    assertThat(pruned.out().lines().toList())
        .hasSize(3)
        .anyMatch(line -> line.startsWith("keep         " + newer.id() + "  "))
        .anyMatch(line -> line.startsWith("deleted      " + older.id() + "  "))
        .endsWith("1 deleted, 1 kept");
    assertThat(Files.exists(Path.of(older.location()))).isFalse();
    assertThat(backups("list").out()).contains(newer.id()).doesNotContain(older.id());

    Cli unknown = backups("verify", "nope");
    assertThat(unknown.code()).isEqualTo(3);
    assertThat(unknown.err()).isEqualTo("greenlight: no backup nope in " + catalog + "\n");
  }
}
