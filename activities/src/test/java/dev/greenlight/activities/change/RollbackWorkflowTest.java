package dev.greenlight.activities.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.Rejection;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.RollbackGate;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.TableExpectation;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.RollbackResult;
import dev.greenlight.workflows.status.RowCounters;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gated way back on the real PostgreSQL, pg_dump and pg_restore, through the real workflow: a
 * data fix that deletes more rows than declared (and adds an index, a policy and a restaurant)
 * fails verify-change and opens the rollback gate, which shows the rows written since the baseline.
 * Approved, the database is back at the baseline's row counts, indexes and policies, with the
 * emergency backup in the catalog; rejected, it stays as the change left it.
 */
class RollbackWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = ChangeRuns.extension();
  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path backups;

  private static final RollbackGate ROLLBACK =
      new RollbackGate(List.of("santiago"), 1, Duration.ofHours(1));

  @Test
  void approvedRollbackReturnsTheDatabaseToItsBaseline(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DeploymentWorkflow workflow = startFailingChange(env, worker, client, options, FIX);

    DeploymentStatus waiting = awaitRollbackGate(workflow);
    RollbackResult preview = (RollbackResult) ChangeRuns.step(waiting, "rollback").result();
    assertThat(preview.failedStep()).isEqualTo("verify-change");
    assertThat(preview.diff()).anyMatch(line -> line.startsWith("menuca_v3.orders"));
    assertThat(preview.backup().restoreTested()).isFalse();
    assertThat(preview.lostRows())
        .as("rows written since the baseline")
        .contains(
            new RowCounters("menuca_v3", "orders", 0, 0, 3),
            new RowCounters("menuca_v3", "Restaurants", 2, 0, 0));
    assertThat(preview.details())
        .anyMatch(line -> line.matches("  menuca_v3\\.Restaurants\\s+2\\s+0\\s+0"));

    workflow.approve(new Approval("rollback", "santiago", "cli", "santiago", "roll back"));
    DeploymentStatus done = ChangeRuns.result(WorkflowStub.fromTyped(workflow));

    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.ROLLED_BACK);
    RollbackResult result = (RollbackResult) ChangeRuns.step(done, "rollback").result();
    assertThat(result.comparison().passed()).as(result.comparison().reason()).isTrue();
    assertThat(Changes.count(database, "select count(*) from menuca_v3.orders")).isEqualTo(5);
    assertThat(Changes.count(database, "select count(*) from menuca_v3.\"Restaurants\""))
        .isEqualTo(3);
    assertThat(
            Changes.count(
                database,
                "select count(*) from pg_indexes where schemaname = 'menuca_v3'"
                    + " and indexname = 'orders_total'"))
        .isZero();
    assertThat(
            Changes.count(
                database, "select count(*) from pg_policies where schemaname = 'menuca_v3'"))
        .isEqualTo(1);
    assertThat(result.emergencyBackup().label()).isEqualTo("emergency-pre-rollback");
    assertThat(result.emergencyBackup().id()).matches("emergency-pre-rollback-\\d{8}T\\d{6}Z");
    assertThat(Catalog.find(backups, result.emergencyBackup().id()))
        .hasValueSatisfying(
            entry ->
                assertThat(entry.manifest().backup().sha256())
                    .isEqualTo(result.emergencyBackup().sha256()));
    // the change created the history table: --clean leaves it, the restore drops it
    assertThat(historyTableExists()).isFalse();
    assertThat(result.cleanup().droppedHistory()).containsExactly("public.flyway_schema_history");
    assertThat(result.cleanup().keptHistory()).isEmpty();
    // what else the change made outside the backup's objects is told, and left
    assertThat(result.cleanup().notInBackup())
        .containsExactly("schema audit", "table audit.log", "sequence audit.log_id_seq");
    assertThat(Changes.count(database, "select count(*) from audit.log")).isZero();
    assertThat(result.summary())
        .contains("dropped history public.flyway_schema_history (not in the backup)")
        .contains("3 objects not in the backup left in place");
    assertThat(result.details())
        .contains(
            "history public.flyway_schema_history: dropped (created after the backup;"
                + " files apply again)",
            "  table audit.log");
  }

  @Test
  void aHistoryTableInTheBackupKeepsItsRowsFromBeforeTheChange(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Fixtures.menuca(database);
    Changes.apply(database, Changes.file("V1__start.sql", "select 1;\n"));
    List<String> before = Changes.history(database, ApplySpec.MIGRATIONS_HISTORY_TABLE);
    DeploymentWorkflow workflow =
        startChange(env, worker, client, options, Changes.file("V2__fix.sql", FIX.sql()));
    awaitRollbackGate(workflow);
    assertThat(Changes.history(database, ApplySpec.MIGRATIONS_HISTORY_TABLE))
        .hasSize(before.size() + 1);

    workflow.approve(new Approval("rollback", "santiago", "cli", "santiago", "roll back"));
    DeploymentStatus done = ChangeRuns.result(WorkflowStub.fromTyped(workflow));

    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.ROLLED_BACK);
    RollbackResult result = (RollbackResult) ChangeRuns.step(done, "rollback").result();
    assertThat(result.cleanup().keptHistory()).containsExactly("public.flyway_schema_history");
    assertThat(result.cleanup().droppedHistory()).isEmpty();
    assertThat(Changes.history(database, ApplySpec.MIGRATIONS_HISTORY_TABLE)).isEqualTo(before);
  }

  @Test
  void theSameDeploymentRunAgainAfterTheRollbackAppliesItsFilesAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    // without objects outside the backup: those stay (reported), and would fail the file again
    ChangeFile fix = Changes.file("V1__fix.sql", DATA_FIX);
    DeploymentWorkflow first = startFailingChange(env, worker, client, options, fix);
    awaitRollbackGate(first);
    first.approve(new Approval("rollback", "santiago", "cli", "santiago", "roll back"));
    assertThat(ChangeRuns.result(WorkflowStub.fromTyped(first)).state())
        .isEqualTo(DeploymentState.ROLLED_BACK);

    DeploymentWorkflow again =
        client.newWorkflowStub(
            DeploymentWorkflow.class,
            ChangeRuns.start(
                    client,
                    WorkflowOptions.newBuilder(options)
                        .setWorkflowId(UUID.randomUUID().toString())
                        .build(),
                    database,
                    ROLLBACK,
                    steps(fix))
                .getExecution()
                .getWorkflowId());
    DeploymentStatus waiting = awaitRollbackGate(again);

    ApplyResult applied = (ApplyResult) ChangeRuns.step(waiting, "apply").result();
    assertThat(applied.count(FileState.APPLIED)).as(applied.summary()).isEqualTo(1);
    assertThat(applied.count(FileState.ALREADY_APPLIED)).isZero();
    assertThat(Changes.count(database, "select count(*) from menuca_v3.orders")).isEqualTo(2);
    again.reject(new Rejection("rollback", "santiago", "cli", "santiago", "enough"));
    assertThat(ChangeRuns.result(WorkflowStub.fromTyped(again)).state())
        .isEqualTo(DeploymentState.FAILED);
  }

  @Test
  void rejectedRollbackLeavesTheChangedDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DeploymentWorkflow workflow = startFailingChange(env, worker, client, options, FIX);
    awaitRollbackGate(workflow);

    workflow.reject(new Rejection("rollback", "santiago", "cli", "santiago", "fix forward"));
    DeploymentStatus done = ChangeRuns.result(WorkflowStub.fromTyped(workflow));

    assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(done.reason())
        .contains("the rollback was declined: gate rollback rejected by santiago: fix forward");
    assertThat(ChangeRuns.step(done, "rollback").state()).isEqualTo(StepState.FAILED);
    assertThat(Changes.count(database, "select count(*) from menuca_v3.orders")).isEqualTo(2);
    assertThat(Catalog.list(backups)).hasSize(1);
  }

  /** A data fix: an index, a policy, two restaurants, three orders deleted (one declared). */
  private static final String DATA_FIX =
      "create index orders_total on menuca_v3.orders (total);\n"
          + "create policy by_id on menuca_v3.\"Restaurants\" using (id > 0);\n"
          + "insert into menuca_v3.\"Restaurants\" values (4, 'd'), (5, 'e');\n"
          + "delete from menuca_v3.orders where id > 2;\n";

  /** The data fix, and a schema of its own with a table, which the baseline does not cover. */
  private static final ChangeFile FIX =
      Changes.file(
          "V1__fix.sql",
          DATA_FIX
              + "create schema audit;\n"
              + "create table audit.log (id serial primary key, what text);\n");

  private DeploymentWorkflow startFailingChange(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      WorkflowOptions options,
      ChangeFile change)
      throws Exception {
    Fixtures.menuca(database);
    return startChange(env, worker, client, options, change);
  }

  private DeploymentWorkflow startChange(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      WorkflowOptions options,
      ChangeFile change) {
    ChangeRuns.register(env, worker, null, new ChangeRuns.WarRoom());
    env.start();
    WorkflowStub stub = ChangeRuns.start(client, options, database, ROLLBACK, steps(change));
    return client.newWorkflowStub(DeploymentWorkflow.class, stub.getExecution().getWorkflowId());
  }

  /** Baseline, backup, verify-backup, apply {@code change}, and a verify-change it fails. */
  private Step[] steps(ChangeFile change) {
    return new Step[] {
      ChangeRuns.baseline(),
      new Step(
          "backup",
          new BackupSpec("pg_dump", backups.toString(), null, null, null, List.of(), null)),
      new Step("verify-backup", new VerifyBackupSpec(false, null, null, null)),
      new Step("apply", ChangeRuns.migrations(null, Duration.ofSeconds(5), change)),
      new Step(
          "verify-change",
          new VerifyChangeSpec(
              List.of(
                  new TableExpectation("menuca_v3.orders", "-1"),
                  new TableExpectation("menuca_v3.Restaurants", "+2")),
              "+1",
              "+1",
              null,
              List.of(),
              Duration.ofSeconds(10)))
    };
  }

  private boolean historyTableExists() throws Exception {
    return Changes.count(
            database,
            "select count(*) from pg_tables where tablename = '"
                + ApplySpec.MIGRATIONS_HISTORY_TABLE
                + "'")
        > 0;
  }

  private static DeploymentStatus awaitRollbackGate(DeploymentWorkflow workflow)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    DeploymentStatus status = workflow.status();
    while (status.state() != DeploymentState.WAITING_FOR_APPROVAL) {
      assertThat(status.state().isFinal()).as(status.reason()).isFalse();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
      status = workflow.status();
    }
    StepStatus gate = ChangeRuns.step(status, "rollback");
    assertThat(gate.state()).isEqualTo(StepState.WAITING_FOR_APPROVAL);
    return status;
  }
}
