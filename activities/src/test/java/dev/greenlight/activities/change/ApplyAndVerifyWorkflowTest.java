package dev.greenlight.activities.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.CheckSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.TableExpectation;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole checklist with a change, on the real PostgreSQL through the real workflow: baseline,
 * backup, verify-backup, gate, apply (indexes built concurrently, a policy, a data fix) and
 * verify-change succeed, and the schema has changed as declared.
 */
class ApplyAndVerifyWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = ChangeRuns.extension();
  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path backups;

  @Test
  void aPlannedChangeIsAppliedAndVerified(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Fixtures.menuca(database);
    ChangeRuns.WarRoom room = new ChangeRuns.WarRoom();
    ChangeRuns.register(worker, null, room);
    env.start();

    WorkflowStub stub =
        ChangeRuns.start(
            client,
            options,
            database,
            ChangeRuns.baseline(),
            new Step(
                "backup",
                new BackupSpec("pg_dump", backups.toString(), null, null, null, List.of(), null)),
            new Step("verify-backup", new VerifyBackupSpec(false, null, null, null)),
            new Step(
                "go-live", new GateSpec(List.of("santiago"), 1, Duration.ofHours(2), List.of())),
            new Step(
                "apply",
                ChangeRuns.migrations(
                    null,
                    Duration.ofSeconds(5),
                    Changes.file(
                        "V1__add_indexes.sql",
                        "create index concurrently orders_total on menuca_v3.orders (total);\n"),
                    Changes.file(
                        "V2__rls_policies.sql",
                        "alter table menuca_v3.\"Restaurants\" enable row level security;\n"
                            + "create policy by_id on menuca_v3.\"Restaurants\" using (id > 0);\n"),
                    Changes.file(
                        "V3__fix_items.sql",
                        "insert into menuca_v3.\"order \"\"items\"\"\" values (3, 'c'), (4, 'd');\n"))),
            new Step(
                "verify-change",
                new VerifyChangeSpec(
                    List.of(new TableExpectation("menuca_v3.\"order \"\"items\"\"\"", "+2")),
                    "+1",
                    "+1",
                    null,
                    List.of(
                        new CheckSpec(
                            "select count(*) from menuca_v3.\"order \"\"items\"\"\" where sku is null",
                            "0")),
                    Duration.ofSeconds(10))));
    DeploymentWorkflow workflow =
        client.newWorkflowStub(DeploymentWorkflow.class, stub.getExecution().getWorkflowId());
    awaitGate(workflow);
    workflow.approve(new Approval("go-live", "santiago", "cli", "santiago", "GO"));

    DeploymentStatus done = ChangeRuns.result(stub);

    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.SUCCEEDED);
    ApplyResult applied = (ApplyResult) ChangeRuns.step(done, "apply").result();
    assertThat(applied.files())
        .extracting(AppliedFile::name, AppliedFile::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("V1__add_indexes.sql", FileState.APPLIED),
            org.assertj.core.groups.Tuple.tuple("V2__rls_policies.sql", FileState.APPLIED),
            org.assertj.core.groups.Tuple.tuple("V3__fix_items.sql", FileState.APPLIED));
    assertThat(applied.files().get(0).sha256()).hasSize(64);
    ChangeVerification verified =
        (ChangeVerification) ChangeRuns.step(done, "verify-change").result();
    assertThat(verified.passed()).isTrue();
    assertThat(verified.summary())
        .isEqualTo(
            "as declared: 3 tables (1 changed or declared), indexes +1, RLS policies +1, 1 check held");
    assertThat(ChangeRuns.step(done, "verify-change").state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(
            Changes.count(
                database, "select count(*) from pg_policies where tablename = 'Restaurants'"))
        .isEqualTo(1);
    assertThat(Changes.history(database, "flyway_schema_history"))
        .containsExactly("1:true", "2:true", "3:true");
    assertThat(room.told)
        .anyMatch(
            text ->
                text.startsWith("V2__rls_policies.sql applied in ") && text.endsWith(", 2 of 3."))
        .anyMatch(text -> text.startsWith("Change verified against the baseline and the plan:"));
  }

  private static void awaitGate(DeploymentWorkflow workflow) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (workflow.status().state() != DeploymentState.WAITING_FOR_APPROVAL) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
