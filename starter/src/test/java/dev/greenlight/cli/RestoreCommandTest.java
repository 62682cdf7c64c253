package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore is a gated run on the worker that holds the backup: the plan without --yes, then a
 * request that waits for one approver other than the requester, an emergency backup of the target
 * into the catalog, the restore, and a record read back with status.
 */
class RestoreCommandTest {

  @RegisterExtension static final DevTemporal temporal = new DevTemporal("restore-test");

  @RegisterExtension final TestDatabase source = new TestDatabase();
  @TempDir Path catalog;
  private String target;

  @AfterEach
  void dropTarget() throws Exception {
    TestDatabase.drop(target);
  }

  @Test
  void aRestoreWaitsForAnotherApproverThenBacksTheTargetUpAndRestores() throws Exception {
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

    Cli plan = cli("restore", backup.id(), "--to", targetUrl, "--user", "postgres");
    assertThat(plan.code()).isEqualTo(2);
    assertThat(plan.out())
        .contains("Will restore backup " + backup.id())
        .contains("on host restore-test")
        .contains("once santiago approves within 4h (brian, who asks, may not),")
        .contains("after an emergency backup of " + target + " into " + catalog);
    assertThat(plan.err())
        .isEqualTo("greenlight: nothing done: add --yes to ask for the restore\n");
    assertThat(Catalog.list(catalog)).hasSize(1);

    Cli asked =
        cli(
            "restore",
            backup.id(),
            "--to",
            targetUrl,
            "--user",
            "postgres",
            "--reason",
            "bad migration",
            "--yes");
    assertThat(asked.code()).as(asked.err()).isZero();
    List<String> lines = asked.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    assertThat(id).isEqualTo("restore-" + backup.id());
    assertThat(status(id).get("state").asText()).isEqualTo("WAITING_FOR_APPROVAL");

    Cli self = cli("approve", id, "--as", "brian");
    assertThat(self.code()).isEqualTo(4);
    assertThat(self.err())
        .isEqualTo("greenlight: the release lead (brian) cannot approve their own deployment\n");
    assertThat(Catalog.list(catalog)).as("nothing done before the approval").hasSize(1);

    Cli approved = cli("approve", id, "--as", "santiago", "--comment", "go");
    assertThat(approved.code()).as(approved.err()).isZero();
    Cli watched = cli("watch", id, "--interval-ms", "100");
    assertThat(watched.code()).as(watched.out() + watched.err()).isZero();

    assertThat(count(targetUrl, "select count(*) from menuca_v3.orders")).isEqualTo(5);
    assertThat(count(targetUrl, "select count(*) from before_restore"))
        .as("objects the backup lacks are left alone")
        .isEqualTo(2);
    Catalog.Entry emergency =
        Catalog.list(catalog).stream()
            .filter(e -> !e.id().equals(backup.id()))
            .findFirst()
            .orElseThrow();
    assertThat(emergency.manifest().backup().label()).isEqualTo("emergency-pre-restore");
    assertThat(emergency.id()).matches("emergency-pre-restore-\\d{8}T\\d{6}Z");
    assertThat(pgRestoreList(emergency.manifest().backup().location()))
        .anyMatch(line -> line.contains("TABLE DATA public before_restore"))
        .noneMatch(line -> line.contains("menuca_v3"));

    JsonNode record = status(id);
    assertThat(record.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(record.get("startedBy").asText()).isEqualTo("brian");
    JsonNode gate = record.get("steps").get(0);
    assertThat(gate.get("gate").get("approvals").get(0).get("approver").asText())
        .isEqualTo("santiago");
    assertThat(gate.get("gate").get("confirm").get(0).asText())
        .isEqualTo(
            "Restore backup "
                + backup.id()
                + " into "
                + target
                + ", asked by brian: bad migration");
    JsonNode restore = record.get("steps").get(1);
    assertThat(restore.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(restore.toString()).contains(emergency.id()).contains("\"host\":\"restore-test\"");
    assertThat(cli("status", id).out())
        .contains("restored " + backup.id() + " into " + target)
        .contains("emergency backup " + emergency.id());
  }

  @Test
  void anUnknownBackupBadUrlOrNoOtherApproverIsOneLine() {
    Cli unknown = cli("restore", "nope", "--to", "jdbc:postgresql://127.0.0.1/x", "--yes");
    assertThat(unknown.code()).isEqualTo(3);
    assertThat(unknown.err())
        .isEqualTo("greenlight: no backup nope in " + catalog + " on host restore-test\n");

    Cli badUrl = cli("restore", "nope", "--to", "postgres://x");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err())
        .startsWith("greenlight: --to: expected jdbc:postgresql://host:port/database");

    Cli alone =
        Cli.run(
            "restore",
            "nope",
            "--to",
            "jdbc:postgresql://127.0.0.1/x",
            "--as",
            "brian",
            "--approvers",
            "brian");
    assertThat(alone.code()).isEqualTo(2);
    assertThat(alone.err())
        .isEqualTo(
            "greenlight: --approvers: name someone other than brian, who asks for the restore\n");

    Cli badName =
        Cli.run(
            "restore",
            "nope",
            "--to",
            "jdbc:postgresql://127.0.0.1/x",
            "--as",
            "brian",
            "--approvers",
            "dana smith");
    assertThat(badName.code()).isEqualTo(2);
    assertThat(badName.err()).startsWith("greenlight: --approvers: 'dana smith' is not a name");

    Cli twoLines =
        Cli.run(
            "restore",
            "nope",
            "--to",
            "jdbc:postgresql://127.0.0.1/x",
            "--as",
            "brian",
            "--approvers",
            "dana",
            "--reason",
            "ok\nfake line");
    assertThat(twoLines.code()).isEqualTo(2);
    assertThat(twoLines.err())
        .isEqualTo("greenlight: --reason: one line of at most 500 characters\n");
  }

  /**
   * The CLI against this test's server; restore requests come from brian, for brian or santiago.
   */
  private Cli cli(String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    if (args[0].equals("restore")) {
      line.addAll(
          List.of(
              "--as", "brian", "--approvers", "brian,santiago", "--directory", catalog.toString()));
    }
    line.addAll(List.of("--temporal", temporal.address()));
    return Cli.run(line.toArray(String[]::new));
  }

  private JsonNode status(String id) throws Exception {
    Cli status = cli("status", id, "--json");
    assertThat(status.code()).as(status.err()).isZero();
    return new ObjectMapper().readTree(status.out());
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
