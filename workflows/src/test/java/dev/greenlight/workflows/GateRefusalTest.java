package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.GateState;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The validator refuses decisions that must not count, with a specific reason, and the gate stays
 * open: a refused decision leaves no trace in history.
 */
class GateRefusalTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void refusesUnlistedInitiatorDuplicateAndUnknownGate(
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

    assertRefused(
        () -> workflow.approve(approval("mallory")),
        "mallory is not an approver of gate signoff (approvers: santiago, dana, brian)");
    assertRefused(
        () -> workflow.approve(approval(TestDeployments.RELEASE_LEAD)),
        "the release lead (brian) cannot approve their own deployment");
    workflow.approve(approval("santiago"));
    assertRefused(
        () -> workflow.approve(approval("santiago")), "santiago has already approved gate signoff");
    assertRefused(
        () -> workflow.approve(new Approval("deploy", "dana", "cli", "dana", null)),
        "no gate named 'deploy' in this deployment (gates: signoff)");
    assertRefused(
        () -> workflow.reject(new Rejection(null, "dana", "cli", "dana", " ")),
        "a rejection needs a reason");

    var gate = workflow.status().steps().get(0).gate();
    assertThat(gate.state()).isEqualTo(GateState.OPEN);
    assertThat(gate.approvals()).hasSize(1);
    assertThat(gate.awaiting()).containsExactly("dana");
    long acceptedUpdates =
        client
            .fetchHistory(WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId())
            .getEvents()
            .stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertThat(acceptedUpdates).as("only the one valid approval is in history").isEqualTo(1);
  }

  @Test
  void refusesDecisionsAfterTheDeploymentEnded(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));
    WorkflowStub.fromTyped(workflow).getResult(Object.class);

    // The server itself refuses updates to a closed workflow; the client service words this.
    assertThatThrownBy(
            () -> workflow.reject(new Rejection("signoff", "santiago", "cli", "santiago", "late")))
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  private static void assertRefused(Runnable decision, String message) {
    assertThatThrownBy(decision::run)
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining(message);
  }
}
