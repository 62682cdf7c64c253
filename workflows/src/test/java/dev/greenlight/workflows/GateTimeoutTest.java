package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.steps.StepFailures;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gate nobody decides expires at its timeout and aborts the run (4 h, skipped in ms). */
class GateTimeoutTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void unansweredGateExpiresAndAborts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();
    long before = env.currentTimeMillis();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class));

    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertThat(cause.getType()).isEqualTo(StepFailures.GATE_EXPIRED);
    assertThat(cause.getOriginalMessage())
        .isEqualTo("gate signoff expired after 4h with 0 of 1 approvals");
    DeploymentStatus last = cause.getDetails().get(DeploymentStatus.class);
    assertThat(last.state()).isEqualTo(DeploymentState.ABORTED);
    assertThat(last.steps().get(0).gate().state()).isEqualTo(GateState.EXPIRED);
    assertThat(Duration.ofMillis(env.currentTimeMillis() - before))
        .isGreaterThanOrEqualTo(Duration.ofHours(4));
  }
}
