package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.EvidenceFacts;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.GateStatus;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gate's approvals are bound to its evidence (plan, target identity, baseline, verified backup).
 * A decision made on other evidence is refused; when the evidence changes while the gate is open,
 * the approvals given so far are voided with the reason and the approvers are asked again.
 */
class EvidenceTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void aChangedBackupVoidsApprovalsAndAStaleDigestIsRefused(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DatabaseActivities database =
        mock(DatabaseActivities.class, withSettings().withoutAnnotations());
    when(database.preflight(any()))
        .thenReturn(
            new PreflightResult(
                "menuca", "deployer", "15.4", 2, 10, false, Instant.EPOCH, "7301234567890123456"));
    BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    when(backups.backup(any()))
        .thenReturn(
            new BackupResult(
                "b-1",
                "l",
                "pg_dump",
                "menuca",
                "/b/b-1",
                null,
                "custom",
                4096,
                "5ha1",
                List.of(),
                "15",
                "pg_dump 15",
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                null,
                null));
    when(backups.verify(any()))
        .thenReturn(new VerificationResult("b-1", 1, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    AtomicReference<String> backupProblem = new AtomicReference<>();
    when(backups.recheck(any()))
        .thenAnswer(
            call ->
                new EvidenceFacts(
                    "menuca", "7301234567890123456", backupProblem.get(), Instant.EPOCH));
    worker.registerActivitiesImplementations(database, backups, TestDeployments.notifications());
    env.start();

    Plan base = TestDeployments.signoffBySantiago();
    Plan plan =
        new Plan(
            base.release(),
            base.environment(),
            base.database(),
            base.approvers(),
            List.of(
                new Step("preflight", new PreflightSpec(10, null, null)),
                new Step(
                    "backup", new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null)),
                new Step("verify-backup", new VerifyBackupSpec(true, null, null, null)),
                new Step(
                    "go-live",
                    new GateSpec(
                        List.of("santiago", "dana"), 2, Duration.ofHours(4), List.of("GO"))),
                new Step("notify", new NotifySpec("done"))),
            null);
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(
        workflow::run, new StartDeployment(plan, "brian", "plan.yaml", "sha256:plan"));
    DeploymentStatus waiting =
        TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    Evidence first = waiting.steps().get(3).gate().evidence();
    assertThat(first.covers())
        .containsExactly(
            "plan sha256:plan",
            "database menuca on server 7301234567890123456",
            "backup b-1, 4096 bytes, sha256 5ha1, verified 1970-01-01T00:00:00Z, restore test"
                + " passed");

    workflow.approve(approval("santiago", first.digest()));
    env.sleep(Duration.ofMinutes(20));
    assertThat(workflow.status().steps().get(3).gate().voided()).isEmpty();

    backupProblem.set("the archive /b/b-1 is missing");
    env.sleep(Duration.ofMinutes(20));
    GateStatus gate = workflow.status().steps().get(3).gate();
    Evidence now = gate.evidence();
    assertThat(now.digest()).isNotEqualTo(first.digest());
    assertThat(gate.approvals()).isEmpty();
    assertThat(gate.awaiting()).containsExactly("santiago", "dana");
    assertThat(gate.voided()).hasSize(1);
    assertThat(gate.voided().get(0).approval().approver()).isEqualTo("santiago");
    assertThat(gate.voided().get(0).reason())
        .startsWith("the evidence changed while the gate was open: the backup b-1, 4096 bytes")
        .contains("(the archive /b/b-1 is missing)");

    assertThatThrownBy(() -> workflow.approve(approval("dana", first.digest())))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("the evidence changed since you looked: the backup b-1, 4096 bytes")
        .hasMessageContaining("was replaced by b-1");

    workflow.approve(approval("santiago", now.digest()));
    workflow.approve(approval("dana", now.digest()));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.steps().get(3).gate().approvals())
        .allSatisfy(d -> assertThat(d.evidence()).isEqualTo(now.digest()));
  }

  private static Approval approval(String person, String evidence) {
    return new Approval("go-live", person, "cli", person, "GO").with(evidence, null);
  }
}
