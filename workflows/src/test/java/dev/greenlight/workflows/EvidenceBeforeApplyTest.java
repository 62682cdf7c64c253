package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.EvidenceFacts;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Just before a step that changes the database (apply), the workflow checks that the evidence the
 * approvals were given on still holds; a backup gone since the approval stops the run before any
 * file is applied, with the reason.
 */
class EvidenceBeforeApplyTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void aBackupGoneAfterTheApprovalStopsTheRunBeforeApply(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DatabaseActivities database =
        mock(DatabaseActivities.class, withSettings().withoutAnnotations());
    when(database.preflight(any()))
        .thenReturn(
            new PreflightResult(
                "menuca", "deployer", "15.4", 2, 10, false, Instant.EPOCH, "7301234567890123456"));
    BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    when(backups.backup(any())).thenReturn(TestDeployments.backup("b-1"));
    when(backups.verify(any()))
        .thenReturn(new VerificationResult("b-1", 1, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    when(backups.recheck(any()))
        .thenReturn(
            new EvidenceFacts(
                "menuca", "7301234567890123456", "the archive /b/b-1 is missing", Instant.EPOCH));
    ChangeActivities change = mock(ChangeActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(
        database, backups, change, TestDeployments.notifications());
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
                    new GateSpec(List.of("santiago"), 1, Duration.ofHours(4), List.of("GO"))),
                new Step(
                    "apply",
                    new ApplySpec(
                        "menuca-v3",
                        List.of(
                            new ChangeFile(
                                "V1__add_indexes.sql",
                                "1",
                                "1a".repeat(32),
                                60,
                                "create index i on menuca_v3.\"Restaurants\" (id);")),
                        ApplySpec.DEFAULT_LOCK_TIMEOUT,
                        ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
                        ApplySpec.MIGRATIONS_HISTORY_TABLE,
                        null)),
                new Step("notify", new NotifySpec("Applied."))),
            null);
    DeploymentWorkflow workflow = TestDeployments.start(client, options, plan);
    DeploymentStatus waiting =
        TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    String evidence = waiting.steps().get(3).gate().evidence().digest();
    workflow.approve(
        new Approval("go-live", "santiago", "cli", "santiago", "GO").with(evidence, null));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class))
        .isInstanceOf(WorkflowFailedException.class);
    DeploymentStatus failed = workflow.status();
    assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(failed.reason())
        .isEqualTo(
            "step apply failed: the evidence the approvals were given on no longer holds: backup"
                + " b-1: the archive /b/b-1 is missing");
    assertThat(failed.steps().get(4).state()).isEqualTo(StepState.FAILED);
    verify(change, never()).apply(any());
  }
}
