package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.RestoreRequest;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.RollbackResult;
import dev.greenlight.workflows.status.RowCounters;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * A change that fails verification opens the plan's rollback gate, showing what failed, the diff,
 * the backup and the rows written since the baseline. Approved: emergency backup, restore and a
 * comparison with the baseline, ROLLED_BACK. Rejected or expired: FAILED, nothing restored. A
 * restore that fails: ROLLBACK_FAILED naming the emergency backup. Without {@code rollback:}:
 * FAILED as before.
 */
class RollbackGateTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void approvedRollbackRestoresTheVerifiedBackupAndEndsRolledBack(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Rollbacks.Activities activities = new Rollbacks.Activities();
    activities.register(env, worker);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, Rollbacks.plan(Rollbacks.GATE));

    DeploymentStatus waiting =
        TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    StepStatus gate = waiting.steps().get(waiting.steps().size() - 1);
    assertThat(gate.name()).isEqualTo("rollback");
    assertThat(gate.state()).isEqualTo(StepState.WAITING_FOR_APPROVAL);
    assertThat(gate.gate().awaiting()).containsExactly("santiago", "dana");
    assertThat(waiting.steps().get(4).state()).isEqualTo(StepState.FAILED);
    RollbackResult preview = (RollbackResult) gate.result();
    assertThat(preview.failedStep()).isEqualTo("verify-change");
    assertThat(preview.failure()).startsWith("not as declared: menuca_v3.orders rows -5");
    assertThat(preview.diff()).anyMatch(line -> line.startsWith("menuca_v3.orders"));
    assertThat(preview.backup().id()).isEqualTo("b-1");
    assertThat(preview.backup().sha256()).isEqualTo("sha-b-1");
    assertThat(preview.backup().restoreTested()).isTrue();
    assertThat(preview.backup().restoreMillis()).isEqualTo(1500L);
    assertThat(preview.lostRows())
        .containsExactly(
            new RowCounters("menuca_v3", "orders", 3, 0, 5),
            new RowCounters("menuca_v3", "restaurants", 0, 0, 0));
    assertThat(preview.details())
        .contains("  restore-tested: yes, in 1.5 s (the expected restore time)")
        .anyMatch(line -> line.matches("  menuca_v3\\.orders\\s+3\\s+0\\s+5"));
    assertThatThrownBy(() -> workflow.approve(TestDeployments.approval("brian")))
        .isInstanceOf(WorkflowUpdateException.class);

    workflow.approve(TestDeployments.approval("dana"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);

    assertThat(done.state()).isEqualTo(DeploymentState.ROLLED_BACK);
    assertThat(done.reason()).isNull();
    StepStatus rollback = done.steps().get(done.steps().size() - 1);
    assertThat(rollback.state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(rollback.gate().state()).isEqualTo(GateState.APPROVED);
    RollbackResult result = (RollbackResult) rollback.result();
    assertThat(result.emergencyBackup()).isEqualTo(Rollbacks.emergency());
    assertThat(result.restoredAt()).isNotNull();
    assertThat(result.comparison().passed()).isTrue();
    assertThat(done.steps().get(5).state()).isEqualTo(StepState.SKIPPED);
    InOrder order = inOrder(activities.catalog, activities.backups, activities.restores);
    order.verify(activities.catalog).verify(new ArchiveRequest("h", "/b", "b-1"));
    ArgumentCaptor<BackupRequest> emergency = ArgumentCaptor.forClass(BackupRequest.class);
    order.verify(activities.backups).backup(emergency.capture());
    assertThat(emergency.getValue().label()).isEqualTo("emergency-pre-rollback");
    assertThat(emergency.getValue().spec().directory()).isEqualTo("/b");
    order
        .verify(activities.restores)
        .restore(
            new RestoreRequest(
                "h",
                "/b",
                "b-1",
                Rollbacks.plan(null).database(),
                // the plan's apply history, dropped by the worker if the backup lacks it
                List.of(ApplySpec.SQL_HISTORY_TABLE)));
  }

  @Test
  void rejectedRollbackEndsFailedWithNothingRestored(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Rollbacks.Activities activities = new Rollbacks.Activities();
    activities.register(env, worker);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, Rollbacks.plan(Rollbacks.GATE));
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    workflow.reject(new Rejection("rollback", "santiago", "cli", "santiago", "fix forward"));
    DeploymentStatus done = failedStatus(workflow);

    assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(done.reason())
        .startsWith("step verify-change failed: not as declared: menuca_v3.orders rows -5")
        .contains(
            "; the rollback was declined: gate rollback rejected by santiago: fix forward;"
                + " the database is as the failed verify-change left it, nothing restored");
    verify(activities.restores, never()).restore(any());
    verify(activities.catalog, never()).verify(any());
  }

  @Test
  void anExpiredRollbackGateEndsFailed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Rollbacks.Activities activities = new Rollbacks.Activities();
    activities.register(env, worker);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, Rollbacks.plan(Rollbacks.GATE));

    DeploymentStatus done = failedStatus(workflow);

    assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(done.reason())
        .contains("the rollback was declined: gate rollback expired after 1h with 0 of 1");
    verify(activities.restores, never()).restore(any());
  }

  @Test
  void aFailedRestoreEndsRollbackFailedNamingTheEmergencyBackup(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DeploymentStatus done =
        approvedRollbackWhoseRestoreThrows(
            ApplicationFailure.newFailure(
                "pg_restore exited 1: ERROR: could not create index",
                RestoreActivities.RESTORE_FAILED),
            env,
            worker,
            client,
            options);

    assertThat(done.state()).isEqualTo(DeploymentState.ROLLBACK_FAILED);
    assertThat(done.reason())
        .isEqualTo(
            "the rollback failed: the restore of b-1 failed: pg_restore exited 1: ERROR: could"
                + " not create index. pg_restore --clean failed midway: the database is partially"
                + " restored; emergency backup emergency-pre-rollback-19700101T000000Z holds the"
                + " state before the rollback");
    StepStatus rollback = done.steps().get(done.steps().size() - 1);
    assertThat(rollback.state()).isEqualTo(StepState.FAILED);
    assertThat(((RollbackResult) rollback.result()).emergencyBackup().id())
        .isEqualTo("emergency-pre-rollback-19700101T000000Z");
  }

  @Test
  void aRefusedRestoreEndsRollbackFailedWithNothingRestored(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DeploymentStatus done =
        approvedRollbackWhoseRestoreThrows(
            ApplicationFailure.newNonRetryableFailure(
                "nothing restored: table menuca_v3.coupons is not in the backup but in a schema"
                    + " it holds",
                RestoreActivities.RESTORE_BLOCKED),
            env,
            worker,
            client,
            options);

    assertThat(done.state()).isEqualTo(DeploymentState.ROLLBACK_FAILED);
    assertThat(done.reason())
        .isEqualTo(
            "the rollback failed: the restore of b-1 was refused: nothing restored: table"
                + " menuca_v3.coupons is not in the backup but in a schema it holds; the database"
                + " is as it was before the rollback (emergency backup"
                + " emergency-pre-rollback-19700101T000000Z)");
  }

  @Test
  void aRestoreThatDidNotStartSaysTheDatabaseIsAsBefore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DeploymentStatus done =
        approvedRollbackWhoseRestoreThrows(
            ApplicationFailure.newFailure(
                "nothing restored: could not read the target or drop the history tables the"
                    + " backup lacks: lock timeout",
                RestoreActivities.RESTORE_NOT_STARTED),
            env,
            worker,
            client,
            options);

    assertThat(done.state()).isEqualTo(DeploymentState.ROLLBACK_FAILED);
    assertThat(done.reason())
        .startsWith("the rollback failed: the restore of b-1 did not start: nothing restored:")
        .contains("pg_restore did not run, so the database is as it was before the rollback")
        .contains("emergency-pre-rollback-19700101T000000Z")
        .doesNotContain("partially restored");
  }

  @Test
  void withoutRollbackAFailedChangeEndsFailedAsBefore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Rollbacks.Activities activities = new Rollbacks.Activities();
    activities.register(env, worker);
    env.start();
    DeploymentWorkflow workflow = TestDeployments.start(client, options, Rollbacks.plan(null));

    DeploymentStatus done = failedStatus(workflow);

    assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(done.reason())
        .isEqualTo(
            "step verify-change failed: not as declared: menuca_v3.orders rows -5 (expected -2)");
    assertThat(done.steps()).hasSize(6);
    verify(activities.database, never()).writeCounters(any());
    verify(activities.restores, never()).restore(any());
  }

  /** A rollback gate opened, approved by santiago, and a restore that throws {@code failure}. */
  private static DeploymentStatus approvedRollbackWhoseRestoreThrows(
      ApplicationFailure failure,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      WorkflowOptions options)
      throws InterruptedException {
    Rollbacks.Activities activities = new Rollbacks.Activities();
    when(activities.restores.restore(any())).thenThrow(failure);
    activities.register(env, worker);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, Rollbacks.plan(Rollbacks.GATE));
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    workflow.approve(TestDeployments.approval("santiago"));
    return failedStatus(workflow);
  }

  private static DeploymentStatus failedStatus(DeploymentWorkflow workflow) {
    try {
      WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
      throw new AssertionError("the run did not fail");
    } catch (WorkflowFailedException failed) {
      return ((ApplicationFailure) failed.getCause()).getDetails().get(DeploymentStatus.class);
    }
  }
}
