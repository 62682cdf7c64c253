package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An approved gate lets the checklist run to the end, recording who approved and each result. */
class GateApprovalTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void approvedGateRunsEveryStepAndRecordsResults(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DatabaseActivities database = TestDeployments.database();
    worker.registerActivitiesImplementations(database, TestDeployments.notifications());
    env.start();

    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    DeploymentStatus waiting = awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    assertThat(waiting.currentStep()).isEqualTo("signoff");
    assertThat(waiting.steps().get(0).gate().awaiting()).containsExactly("santiago");
    verify(database, never()).preflight(any());

    GateOutcome outcome = workflow.approve(approval("santiago"));
    assertThat(outcome.state()).isEqualTo(GateState.APPROVED);
    assertThat(outcome.approvals()).isEqualTo(1);

    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.currentStep()).isNull();
    assertThat(done.steps()).extracting(StepStatus::state).containsOnly(StepState.SUCCEEDED);
    StepStatus gate = done.steps().get(0);
    assertThat(gate.gate().approvals()).hasSize(1);
    assertThat(gate.gate().approvals().get(0).approver()).isEqualTo("santiago");
    assertThat(gate.gate().approvals().get(0).via()).isEqualTo("cli");
    assertThat(gate.gate().approvals().get(0).comment()).isEqualTo("GO");
    assertThat(((PreflightResult) done.steps().get(1).result()).activeConnections()).isEqualTo(2);
    assertThat(((BaselineResult) done.steps().get(2).result()).tables().get(0).rows())
        .isEqualTo(42);
    assertThat(((NotifyResult) done.steps().get(3).result()).text())
        .isEqualTo("Baseline captured. Proceeding.");
  }

  @Test
  void twoOfThreeNeedsTwoDistinctApprovers(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();

    DeploymentWorkflow workflow =
        TestDeployments.start(
            client,
            options,
            TestDeployments.plan(List.of("santiago", "dana", "brian"), 2, Duration.ofHours(4)));
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    GateOutcome first = workflow.approve(approval("santiago"));
    assertThat(first.state()).isEqualTo(GateState.OPEN);
    assertThat(first.approvals()).isEqualTo(1);
    assertThat(first.awaiting()).containsExactly("dana");
    assertThat(workflow.status().state()).isEqualTo(DeploymentState.WAITING_FOR_APPROVAL);

    GateOutcome second = workflow.approve(approval("dana"));
    assertThat(second.state()).isEqualTo(GateState.APPROVED);
    assertThat(second.approvals()).isEqualTo(2);

    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.steps().get(0).gate().approvals())
        .extracting(d -> d.approver())
        .containsExactly("santiago", "dana");
  }
}
