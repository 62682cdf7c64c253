package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.backup.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greenlight rollback} of a deployment that SUCCEEDED starts the gated rollback as a new run
 * against its verified backup, with the plan's rollback approvers and never the requester; the gate
 * shows the rows written since; approved, the database is back at its baseline and watch exits 12.
 * A deployment that does not exist or did not succeed is refused in one line.
 */
class RollbackCommandTest {

  @RegisterExtension static final DevTemporal temporal = new DevTemporal("rollback-test");

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @Test
  void aSucceededDeploymentIsRolledBackOnceAnotherApproverApproves() throws Exception {
    Fixtures.menuca(database);
    Path catalog = Files.createDirectories(directory.resolve("catalog"));
    Files.writeString(
        directory.resolve("fix.sql"),
        "insert into menuca_v3.orders values (6, 1, 60), (7, 1, 70);\n");
    Path plan = directory.resolve("plan.yaml");
    Files.writeString(
        plan,
        """
        release: menuca-%s
        environment: production
        database: { url: "%s", user: postgres, expect: { database: %s } }
        approvers: { santiago: {}, brian: {} }
        steps:
          - baseline: { schemas: [menuca_v3], exact: true }
          - backup: { directory: "%s" }
          - verify-backup: {}
          - apply: { sql: [fix.sql] }
          - verify-change: { expect: { tables: { menuca_v3.orders: "+2" } } }
        rollback: { approvers: [santiago, brian], timeout: 2h }
        """
            .formatted(
                UUID.randomUUID().toString().substring(0, 8),
                database.url(),
                database.name(),
                catalog));
    Cli started = cli("start", plan.toString(), "--as", "brian");
    assertThat(started.code()).as(started.err()).isZero();
    String deployment = started.out().strip();
    Cli deployed = cli("watch", deployment, "--interval-ms", "100");
    assertThat(deployed.code()).as(deployed.out() + deployed.err()).isZero();
    database.execute("insert into menuca_v3.\"Restaurants\" values (9, 'later')");

    Cli asked = cli("rollback", deployment, "--as", "brian", "--reason", "orders are wrong");
    assertThat(asked.code()).as(asked.err()).isZero();
    assertThat(asked.out())
        .contains("once 1 of santiago, brian approve within 2h (brian, who asks, may not),");
    List<String> lines = asked.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    assertThat(id).isEqualTo("rollback-" + deployment);

    JsonNode waiting = awaitState(id, "WAITING_FOR_APPROVAL");
    JsonNode gate = waiting.at("/steps/0");
    assertThat(gate.get("name").asText()).isEqualTo("rollback");
    assertThat(gate.at("/gate/awaiting").toString()).isEqualTo("[\"santiago\"]");
    assertThat(gate.at("/rollback/failure").asText())
        .isEqualTo("rollback of " + deployment + " asked by brian: orders are wrong");
    List<String> written = new ArrayList<>();
    gate.at("/rollback/lostRows")
        .forEach(
            row ->
                written.add(
                    row.get("table").asText()
                        + " +"
                        + row.get("inserted").asLong()
                        + " ~"
                        + row.get("updated").asLong()
                        + " -"
                        + row.get("deleted").asLong()));
    assertThat(written).contains("orders +2 ~0 -0", "Restaurants +1 ~0 -0");

    Cli self = cli("approve", id, "--as", "brian");
    assertThat(self.code()).isEqualTo(4);
    Cli approved = cli("approve", id, "--as", "santiago", "--comment", "go");
    assertThat(approved.code()).as(approved.err()).isZero();
    Cli watched = cli("watch", id, "--interval-ms", "100");
    assertThat(watched.code()).as(watched.out() + watched.err()).isEqualTo(12);
    assertThat(watched.out()).contains("ROLLED_BACK");

    assertThat(count("select count(*) from menuca_v3.orders")).isEqualTo(5);
    assertThat(count("select count(*) from menuca_v3.\"Restaurants\"")).isEqualTo(3);
    assertThat(Catalog.list(catalog))
        .anyMatch(entry -> entry.id().startsWith("emergency-pre-rollback-"));
    assertThat(cli("status", id).out())
        .contains("ROLLED_BACK")
        .contains("after the restore, against the baseline: as before the change")
        .contains(
            "history public.greenlight_sql_history: dropped (created after the backup;"
                + " files apply again)");
    // the deployment created its history table: gone with the change, so a rerun applies fix.sql
    assertThat(count("select count(*) from pg_tables where tablename = 'greenlight_sql_history'"))
        .isZero();

    Cli second = cli("rollback", deployment, "--as", "brian", "--reason", "once more");
    assertThat(second.code()).as(second.err()).isZero();
    List<String> secondLines = second.out().lines().toList();
    String secondId = secondLines.get(secondLines.size() - 1);
    assertThat(secondId).as("the first id is taken").isEqualTo(id + "-2");
    awaitState(secondId, "WAITING_FOR_APPROVAL");
    assertThat(cli("abort", secondId, "--as", "brian", "--reason", "not needed").code()).isZero();

    Cli again = cli("rollback", id, "--as", "brian", "--reason", "twice");
    assertThat(again.code()).isEqualTo(4);
    assertThat(again.err())
        .isEqualTo(
            "greenlight: deployment "
                + id
                + " is ROLLED_BACK, not SUCCEEDED: only a deployment that succeeded is rolled back"
                + " this way (a failed change opens its plan's rollback gate itself)\n");
  }

  @Test
  void aDeploymentWithoutAVerifiedBackupIsRefused() throws Exception {
    Fixtures.menuca(database);
    Path plan = directory.resolve("plan.yaml");
    Files.writeString(
        plan,
        """
        release: menuca-%s
        environment: production
        database: { url: "%s", user: postgres, expect: { database: %s } }
        approvers: { santiago: {}, brian: {} }
        steps:
          - baseline: { schemas: [menuca_v3] }
          - notify: "done"
        """
            .formatted(
                UUID.randomUUID().toString().substring(0, 8), database.url(), database.name()));
    Cli started = cli("start", plan.toString(), "--as", "brian");
    assertThat(started.code()).as(started.err()).isZero();
    String deployment = started.out().strip();
    assertThat(cli("watch", deployment, "--interval-ms", "100").code()).isZero();

    Cli refused = cli("rollback", deployment, "--as", "brian", "--reason", "why");

    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err())
        .isEqualTo(
            "greenlight: deployment " + deployment + " has no verified backup to roll back to\n");
  }

  @Test
  void anUnknownDeploymentOrABadReasonIsOneLine() {
    Cli unknown = cli("rollback", "deploy-nope", "--as", "brian", "--reason", "why");
    assertThat(unknown.code()).isEqualTo(3);
    assertThat(unknown.err()).isEqualTo("greenlight: no deployment with id deploy-nope\n");

    Cli twoLines = cli("rollback", "deploy-nope", "--as", "brian", "--reason", "a\nb");
    assertThat(twoLines.code()).isEqualTo(2);
    assertThat(twoLines.err())
        .isEqualTo("greenlight: --reason: one line of at most 500 characters\n");
  }

  private long count(String sql) throws Exception {
    try (var connection = database.connect();
        var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private JsonNode awaitState(String id, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Cli status = cli("status", id, "--json");
      if (status.code() == 0) {
        JsonNode json = new ObjectMapper().readTree(status.out());
        if (json.get("state").asText().equals(state)) {
          return json;
        }
        assertThat(json.get("state").asText()).isIn("RUNNING", "WAITING_FOR_APPROVAL");
      }
      assertThat(System.nanoTime()).as("reaching " + state).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static Cli cli(String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(List.of("--temporal", temporal.address()));
    return Cli.run(line.toArray(String[]::new));
  }
}
