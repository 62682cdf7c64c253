package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.RestoreRequest;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RestoreSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.RestoreResult;
import dev.greenlight.workflows.status.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * A restore is a run of a gate and a restore step: the requester cannot pass the gate; after
 * another approver does, the archive is checked, the target backed up (label emergency-pre-restore)
 * and the backup restored, each on the host queue of the backup's worker.
 */
class RestoreRunTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void theRequesterCannotApproveAndEverythingRunsOnTheBackupsHost(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(TestDeployments.notifications());
    CatalogActivities catalog = mock(CatalogActivities.class, withSettings().withoutAnnotations());
    BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    RestoreActivities restores = mock(RestoreActivities.class, withSettings().withoutAnnotations());
    when(catalog.verify(any())).thenReturn(new ArchiveVerification("h", "b-1", 3, 40));
    BackupResult emergency = emergencyBackup();
    when(backups.backup(any())).thenReturn(emergency);
    when(restores.restore(any()))
        .thenReturn(new RestoreResult("b-1", "h", "menuca", null, 120, Instant.EPOCH));
    env.newWorker(TaskQueues.host("h"))
        .registerActivitiesImplementations(catalog, backups, restores);
    env.start();

    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(restorePlan(), "brian", "restore"));
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    assertThatThrownBy(() -> workflow.approve(TestDeployments.approval("brian")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            refusal ->
                assertThat(refusal.getOriginalMessage())
                    .isEqualTo("the release lead (brian) cannot approve their own deployment"));
    workflow.approve(TestDeployments.approval("santiago"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);

    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.steps().get(1).state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(done.steps().get(1).result())
        .isEqualTo(new RestoreResult("b-1", "h", "menuca", emergency, 120, Instant.EPOCH));
    InOrder order = inOrder(catalog, backups, restores);
    order.verify(catalog).verify(new ArchiveRequest("h", "/catalog", "b-1"));
    ArgumentCaptor<BackupRequest> backup = ArgumentCaptor.forClass(BackupRequest.class);
    order.verify(backups).backup(backup.capture());
    assertThat(backup.getValue().label()).isEqualTo("emergency-pre-restore");
    assertThat(backup.getValue().spec().directory()).isEqualTo("/catalog");
    assertThat(backup.getValue().spec().encrypt())
        .as("the emergency backup is encrypted with the source's keyset")
        .isEqualTo(new EncryptSpec("BACKUP_KEYSET", null));
    assertThat(backup.getValue().database()).isEqualTo(restorePlan().database());
    order.verify(restores).restore(new RestoreRequest("h", "/catalog", "b-1", target()));
  }

  static Plan restorePlan() {
    return new Plan(
        "restore-b-1",
        "menuca",
        target(),
        Map.of("brian", new Approver(null), "santiago", new Approver(null)),
        List.of(
            new Step(
                "approve-restore",
                new GateSpec(
                    List.of("brian", "santiago"),
                    1,
                    Duration.ofHours(4),
                    List.of("Restore backup b-1 into menuca, asked by brian"))),
            new Step(
                "restore",
                new RestoreSpec("b-1", "h", "/catalog", new EncryptSpec("BACKUP_KEYSET", null)))));
  }

  static DatabaseTarget target() {
    return new DatabaseTarget(
        "jdbc:postgresql://db/menuca", "deployer", "MENUCA_DB_PASSWORD", "menuca");
  }

  static BackupResult emergencyBackup() {
    return new BackupResult(
        "emergency-pre-restore-19700101T000000Z",
        "emergency-pre-restore",
        "pg_dump",
        "menuca",
        "/catalog/emergency-pre-restore-19700101T000000Z/archive",
        null,
        "directory",
        2048,
        "5ha",
        List.of(),
        "15",
        "pg_dump 15",
        Instant.EPOCH,
        Instant.EPOCH,
        null,
        null,
        TaskQueues.host("h"));
  }
}
