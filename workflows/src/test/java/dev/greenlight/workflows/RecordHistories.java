package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.PostedMessage;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.WarRoomChannel;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the histories {@link ReplayTest} replays. Runs only on purpose, when the workflow has
 * changed and a new history is wanted:
 *
 * <pre>
 * ./mvnw -pl workflows test -Dtest=RecordHistories -Dgreenlight.record=src/test/resources/histories
 * </pre>
 *
 * Then add the file to {@link ReplayTest#HISTORIES}. Never overwrite an existing history.
 */
@EnabledIfSystemProperty(named = "greenlight.record", matches = ".+")
class RecordHistories {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  /** Gate with reminders, backup that fails verification once, notify naming the backup. */
  @Test
  void v3PlugInStepsBackupRetry(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    record(env, worker, client, options, "v3-plug-in-steps-backup-retry.json");
  }

  /** As v3, with progress shown once per workflow task ({@code "progress-per-task"} = 1). */
  @Test
  void v4ProgressPerTask(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    record(env, worker, client, options, "v4-progress-per-task.json");
  }

  private static void record(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      WorkflowOptions options,
      String name)
      throws Exception {
    BackupActivities backups = TestDeployments.backups();
    when(backups.verify(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "checksum mismatch in 3001.dat.gz", BackupActivities.VERIFICATION_FAILED))
        .thenReturn(new VerificationResult("b-2", 3, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    NotificationActivities notifications =
        mock(NotificationActivities.class, withSettings().withoutAnnotations());
    when(notifications.notify(any())).thenReturn(new NotifyResult("C0WARROOM", "ok"));
    when(notifications.publishStatus(any())).thenReturn(new PostedMessage("C0WARROOM", "1.0"));
    worker.registerActivitiesImplementations(TestDeployments.database(), backups, notifications);
    env.start();

    Plan base = TestDeployments.signoffBySantiago();
    Plan plan =
        new Plan(
            base.release(),
            base.environment(),
            base.database(),
            base.approvers(),
            List.of(
                new Step(
                    "signoff",
                    new GateSpec(
                        List.of("santiago"),
                        1,
                        Duration.ofHours(4),
                        List.of("Rollback plan reviewed"),
                        Duration.ofMinutes(30),
                        null,
                        List.of())),
                base.steps().get(1),
                base.steps().get(2),
                new Step(
                    "backup", new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null)),
                new Step("verify-backup", new VerifyBackupSpec(true, null, null, null)),
                new Step("notify", new NotifySpec("Backup {backup.id} verified."))),
            new WarRoomChannel("C0WARROOM"));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(
        workflow::run, new StartDeployment(plan, "brian", "plan.yaml", "sha256-of-the-plan"));
    env.sleep(Duration.ofMinutes(45));
    workflow.approve(TestDeployments.approval("santiago"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);

    String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
    Path file = Path.of(System.getProperty("greenlight.record")).resolve(name);
    assertThat(file).doesNotExist();
    Files.writeString(file, client.fetchHistory(id).toJson(true));
  }
}
