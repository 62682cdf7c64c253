package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backup that fails verification is replaced once: one more backup, verified; if that fails too,
 * the deployment ends with both reasons. The verified backup is in the status.
 */
class BackupVerificationRetryTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void aFailedVerificationTakesOneMoreBackupWhichIsThenUsed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    BackupActivities backups = TestDeployments.backups();
    when(backups.verify(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "checksum mismatch in 3001.dat.gz", BackupActivities.VERIFICATION_FAILED))
        .thenReturn(new VerificationResult("b-2", 3, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications(), backups);
    env.start();

    DeploymentStatus done = start(client, options).getResult(DeploymentStatus.class);

    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.backup().id()).isEqualTo("b-2");
    assertThat(done.backup().sha256()).isEqualTo("sha-b-2");
    assertThat(done.backup().restoreTested()).isTrue();
    assertThat(done.steps().get(1).note())
        .isEqualTo(
            "the first backup failed verification (checksum mismatch in 3001.dat.gz); the second passed");
    verify(backups).backup(argThat(r -> r.idempotencyKey().endsWith("/backup/0")));
    verify(backups).backup(argThat(r -> r.idempotencyKey().endsWith("/backup/1")));
    verify(backups, times(2)).verify(any());
  }

  @Test
  void twoFailedVerificationsEndTheRunWithBothReasons(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    BackupActivities backups = TestDeployments.backups();
    when(backups.verify(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "checksum mismatch", BackupActivities.VERIFICATION_FAILED))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pg_restore cannot read the archive", BackupActivities.VERIFICATION_FAILED));
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications(), backups);
    env.start();

    WorkflowStub stub = start(client, options);
    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> stub.getResult(DeploymentStatus.class));

    DeploymentStatus last =
        ((ApplicationFailure) failed.getCause()).getDetails().get(DeploymentStatus.class);
    assertThat(last.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(last.reason())
        .isEqualTo(
            "step verify-backup failed: the backup failed verification twice: checksum mismatch;"
                + " then: pg_restore cannot read the archive");
    assertThat(last.backup()).isNull();
    assertThat(last.steps().get(1).error())
        .isEqualTo(
            "the backup failed verification twice: checksum mismatch; then: pg_restore cannot read the archive");
  }

  private static WorkflowStub start(WorkflowClient client, WorkflowOptions options) {
    Plan plan =
        TestDeployments.planWith(
            List.of(
                new Step(
                    "backup",
                    new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null, null, null)),
                new Step("verify-backup", new VerifyBackupSpec(true, null, null, null))));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, "brian", "plan.yaml"));
    return WorkflowStub.fromTyped(workflow);
  }
}
