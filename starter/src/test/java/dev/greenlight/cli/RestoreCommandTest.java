package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Restore shows what it will do, refuses without --yes, and backs the target up first. */
class RestoreCommandTest {

  @RegisterExtension final TestDatabase source = new TestDatabase();
  @TempDir Path catalog;
  private String target;

  @AfterEach
  void dropTarget() throws Exception {
    TestDatabase.drop(target);
  }

  @Test
  void restoreTakesAnEmergencyBackupOfTheTargetFirst() throws Exception {
    Fixtures.menuca(source);
    BackupResult backup =
        new BackupEngine(new PgTools(null), new DatabaseConnector(name -> null), Clock.systemUTC())
            .backup(
                new BackupRequest(
                    "k",
                    "test-pre-menuca",
                    source.target(),
                    new BackupSpec(
                        "pg_dump",
                        catalog.toString(),
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null),
                    null),
                bytes -> {});
    target = TestDatabase.create("gl_restore");
    String targetUrl = TestDatabase.url(target);
    execute(
        targetUrl,
        "create table before_restore (id int)",
        "insert into before_restore values (1), (2)");

    Cli refused =
        Cli.run(
            "restore",
            backup.id(),
            "--to",
            targetUrl,
            "--user",
            "postgres",
            "--directory",
            catalog.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out())
        .contains("Will restore backup " + backup.id())
        .contains("after an emergency backup of " + target);
    assertThat(refused.err()).isEqualTo("greenlight: nothing done: add --yes to restore\n");
    assertThat(Catalog.list(catalog)).hasSize(1);

    Cli restored =
        Cli.run(
            "restore",
            backup.id(),
            "--to",
            targetUrl,
            "--user",
            "postgres",
            "--directory",
            catalog.toString(),
            "--yes");
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(count(targetUrl, "select count(*) from menuca_v3.orders")).isEqualTo(5);
    assertThat(count(targetUrl, "select count(*) from before_restore"))
        .as("objects the backup lacks are left alone")
        .isEqualTo(2);

    Catalog.Entry emergency =
        Catalog.list(catalog).stream()
            .filter(e -> !e.id().equals(backup.id()))
            .findFirst()
            .orElseThrow();
    assertThat(emergency.manifest().backup().label())
        .isEqualTo(target + "-before-restore-of-" + backup.id());
    assertThat(restored.out()).contains("emergency backup " + emergency.id() + " taken");
    List<String> entries = pgRestoreList(emergency.manifest().backup().location());
    assertThat(entries).anyMatch(line -> line.contains("TABLE DATA public before_restore"));
    assertThat(entries)
        .noneMatch(line -> line.contains("menuca_v3"))
        .as("taken before the restore");
  }

  @Test
  void anUnknownBackupOrBadUrlIsOneLine() {
    Cli unknown =
        Cli.run(
            "restore",
            "nope",
            "--to",
            "jdbc:postgresql://127.0.0.1/x",
            "--directory",
            catalog.toString());
    assertThat(unknown.code()).isEqualTo(3);
    assertThat(unknown.err()).isEqualTo("greenlight: no backup nope in " + catalog + "\n");

    Cli badUrl =
        Cli.run("restore", "nope", "--to", "postgres://x", "--directory", catalog.toString());
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err())
        .startsWith("greenlight: --to: expected jdbc:postgresql://host:port/database");
  }

  private static List<String> pgRestoreList(String archive) throws Exception {
    Process process =
        new ProcessBuilder("pg_restore", "--list", archive).redirectErrorStream(true).start();
    List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
    assertThat(process.waitFor()).isZero();
    return lines;
  }

  private static void execute(String url, String... sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "postgres", null);
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "postgres", null);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
