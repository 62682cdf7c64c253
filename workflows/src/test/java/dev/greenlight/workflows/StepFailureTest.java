package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
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
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step that cannot heal fails the deployment at once with its reason; a transient one is retried;
 * an undeliverable war-room message never fails it.
 */
class StepFailureTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void nonRetryableStepFailureFailsTheDeploymentAtOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DatabaseActivities database = TestDeployments.database();
    when(database.preflight(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "connected to database 'test' but the plan expects 'menuca'",
                DatabaseActivities.WRONG_DATABASE));
    worker.registerActivitiesImplementations(database, TestDeployments.notifications());
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));

    DeploymentStatus last = failedStatus(workflow);
    assertThat(last.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(last.reason())
        .isEqualTo(
            "step preflight failed: connected to database 'test' but the plan expects 'menuca'");
    assertThat(last.steps().get(1).state()).isEqualTo(StepState.FAILED);
    verify(database, times(1)).preflight(any());
    verify(database, never()).baseline(any());
  }

  @Test
  void transientFailureIsRetriedAndTheRunSucceeds(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    DatabaseActivities database = TestDeployments.database();
    var ok = database.preflight(null);
    when(database.preflight(any()))
        .thenThrow(
            ApplicationFailure.newFailure("connection refused", DatabaseActivities.UNREACHABLE))
        .thenReturn(ok);
    worker.registerActivitiesImplementations(database, TestDeployments.notifications());
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));

    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    verify(database, times(3)).preflight(any()); // one set-up call above, then two attempts
  }

  @Test
  void undeliverableNotificationsDoNotFailTheRun(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    NotificationActivities notifications = TestDeployments.notifications();
    doThrow(ApplicationFailure.newNonRetryableFailure("channel_not_found", "SlackError"))
        .when(notifications)
        .notify(any());
    worker.registerActivitiesImplementations(TestDeployments.database(), notifications);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, TestDeployments.signoffBySantiago());
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));

    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.notificationsFailed())
        .isEqualTo(4); // started, gate approved, the notify step, succeeded
  }

  private static DeploymentStatus failedStatus(DeploymentWorkflow workflow) {
    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class));
    return ((ApplicationFailure) failed.getCause()).getDetails().get(DeploymentStatus.class);
  }
}
