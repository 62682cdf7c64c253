package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.steps.StepFailures;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rejection aborts the run with the approver's reason; no later step runs. */
class GateRejectionTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void rejectionAbortsWithTheReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DatabaseActivities database = TestDeployments.database();
    NotificationActivities notifications = TestDeployments.notifications();
    worker.registerActivitiesImplementations(database, notifications);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    GateOutcome outcome =
        workflow.reject(
            new Rejection("signoff", "santiago", "cli", "santiago", "support not briefed"));
    assertThat(outcome.state()).isEqualTo(GateState.REJECTED);

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class));
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertThat(cause.getType()).isEqualTo(StepFailures.GATE_REJECTED);
    assertThat(cause.getOriginalMessage())
        .isEqualTo("gate signoff rejected by santiago: support not briefed");
    DeploymentStatus last = cause.getDetails().get(DeploymentStatus.class);
    assertThat(last.state()).isEqualTo(DeploymentState.ABORTED);
    assertThat(last.currentStep()).isEqualTo("signoff");
    assertThat(last.steps().get(0).gate().rejection().approver()).isEqualTo("santiago");
    assertThat(last.steps())
        .extracting(s -> s.state())
        .containsExactly(StepState.FAILED, StepState.SKIPPED, StepState.SKIPPED, StepState.SKIPPED);
    verify(database, never()).preflight(any());
    verify(notifications)
        .notify(
            argThat(
                n ->
                    n.text()
                        .equals(
                            "Deployment ABORTED: gate signoff rejected by santiago: support not briefed")));
  }
}
