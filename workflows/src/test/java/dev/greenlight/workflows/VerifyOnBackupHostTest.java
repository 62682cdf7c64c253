package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
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
 * Verification reads the archive, so the deployment sends it to the host queue its backup names:
 * with several workers on several hosts it cannot land on one that does not hold the archive.
 */
class VerifyOnBackupHostTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void theVerificationRunsOnTheWorkerThatWroteTheBackup(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    String hostA = TaskQueues.host("a");
    BackupResult written = withQueue(TestDeployments.backup("b-1"), hostA);
    BackupActivities anyWorker = mock(BackupActivities.class, withSettings().withoutAnnotations());
    when(anyWorker.backup(any())).thenReturn(written);
    when(anyWorker.verify(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("not here", "WrongHost"));
    BackupActivities onHostA = mock(BackupActivities.class, withSettings().withoutAnnotations());
    when(onHostA.verify(any()))
        .thenReturn(new VerificationResult("b-1", 3, 40, 1000, false, 0, 0, 0, Instant.EPOCH));
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications(), anyWorker);
    env.newWorker(hostA).registerActivitiesImplementations(onHostA);
    env.start();

    Plan plan =
        TestDeployments.planWith(
            List.of(
                new Step(
                    "backup", new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null)),
                new Step("verify-backup", new VerifyBackupSpec(false, null, null, null))));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, "brian", "plan.yaml"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);

    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.SUCCEEDED);
    verify(onHostA).verify(any());
    verify(anyWorker, never()).verify(any());
  }

  private static BackupResult withQueue(BackupResult b, String taskQueue) {
    return new BackupResult(
        b.id(),
        b.label(),
        b.method(),
        b.database(),
        b.location(),
        b.manifest(),
        b.format(),
        b.bytes(),
        b.sha256(),
        b.files(),
        b.serverVersion(),
        b.toolVersion(),
        b.startedAt(),
        b.finishedAt(),
        b.encryption(),
        b.offsite(),
        taskQueue);
  }
}
