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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The catalog commands: list, offline verify (which catches a flipped byte), prune dry run. */
class BackupsCommandTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path catalog;

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

    Cli list = Cli.run("backups", "list", "--directory", catalog.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out().lines().skip(1).map(l -> l.split(" ")[0]).toList())
        .containsExactly(newer.id(), older.id());

    Cli verify = Cli.run("backups", "verify", older.id(), "--directory", catalog.toString());
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out())
        .startsWith("backup " + older.id() + ": 1 files match their checksums; pg_restore reads ");

    Cli prune = Cli.run("backups", "prune", "--keep-last", "1", "--directory", catalog.toString());
    assertThat(prune.out()).contains("would delete " + older.id()).contains("add --yes");
    assertThat(Files.exists(Path.of(older.location()))).isTrue();

    BackupFile file = older.files().get(0);
    try (RandomAccessFile raw = new RandomAccessFile(older.location(), "rw")) {
      raw.seek(file.bytes() / 2);
      int value = raw.read();
      raw.seek(file.bytes() / 2);
      raw.write(value ^ 0xff);
    }
    Cli damaged = Cli.run("backups", "verify", older.id(), "--directory", catalog.toString());
    assertThat(damaged.code()).isEqualTo(7);
    assertThat(damaged.err())
        .startsWith(
            "greenlight: backup " + older.id() + " failed verification: checksum mismatch in ");

    Cli noRule = Cli.run("backups", "prune", "--directory", catalog.toString());
    assertThat(noRule.code()).isEqualTo(2);
    assertThat(noRule.err())
        .isEqualTo(
            "greenlight: say what to keep: --keep RULES (such as daily=14,weekly=12,monthly=12),"
                + " --keep-last N or --older-than AGE\n");
  }
}
