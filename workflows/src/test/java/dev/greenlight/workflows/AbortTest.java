package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Abort stops the run at once, mid-step, records who and why, and still tells the war room. */
class AbortTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void abortWhileAStepRunsStopsAndRunsCleanup(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    CountDownLatch preflightStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DatabaseActivities database = TestDeployments.database();
    when(database.preflight(any()))
        .thenAnswer(
            call -> {
              preflightStarted.countDown();
              release.await(30, TimeUnit.SECONDS);
              return null;
            });
    NotificationActivities notifications = TestDeployments.notifications();
    worker.registerActivitiesImplementations(database, notifications);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));
    assertThat(preflightStarted.await(10, TimeUnit.SECONDS)).isTrue();

    workflow.recordAbort(new AbortRequest("santiago", "cli", "replica lag is too high"));
    WorkflowStub.fromTyped(workflow).cancel("aborted by santiago");

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class));
    release.countDown();
    assertThat(failed.getCause()).isInstanceOf(CanceledFailure.class);

    DeploymentStatus last = workflow.status();
    assertThat(last.state()).isEqualTo(DeploymentState.ABORTED);
    assertThat(last.reason()).isEqualTo("aborted by santiago: replica lag is too high");
    assertThat(last.abort().by()).isEqualTo("santiago");
    assertThat(last.abort().via()).isEqualTo("cli");
    assertThat(last.currentStep()).isEqualTo("preflight");
    assertThat(last.steps())
        .extracting(s -> s.state())
        .containsExactly(
            StepState.SUCCEEDED, StepState.ABORTED, StepState.SKIPPED, StepState.SKIPPED);
    verify(database, never()).baseline(any());
    verify(notifications)
        .notify(
            argThat(
                n ->
                    n.text()
                        .equals(
                            "Deployment ABORTED: aborted by santiago: replica lag is too high")));
  }

  @Test
  void cancelWithoutARecordedRequestKeepsTheCancelReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    WorkflowStub.fromTyped(workflow).cancel("cancelled from the Temporal UI");
    catchThrowableOfType(
        WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class));

    DeploymentStatus last = workflow.status();
    assertThat(last.state()).isEqualTo(DeploymentState.ABORTED);
    assertThat(last.abort().by()).isEqualTo("unknown");
    assertThat(last.abort().reason()).isEqualTo("cancelled from the Temporal UI");
    assertThat(last.steps().get(0).gate().state())
        .isEqualTo(dev.greenlight.workflows.status.GateState.CLOSED);
  }
}
