package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** Open gates remind the approvers still awaited, and escalate to more people after a while. */
class GateReminderTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void aGateOpenForTwoHoursRemindsFourTimesNamingOnlyThoseAwaited(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    NotificationActivities notifications = TestDeployments.notifications();
    worker.registerActivitiesImplementations(TestDeployments.database(), notifications);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(
            client,
            options,
            withGate(
                new GateSpec(
                    List.of("santiago", "dana"),
                    2,
                    Duration.ofHours(4),
                    List.of(),
                    Duration.ofMinutes(30),
                    null,
                    List.of())));
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    env.sleep(Duration.ofMinutes(45));
    workflow.approve(approval("santiago"));
    env.sleep(Duration.ofMinutes(76));
    assertThat(workflow.status().state()).isEqualTo(DeploymentState.WAITING_FOR_APPROVAL);

    List<String> reminders =
        texts(notifications).stream().filter(t -> t.startsWith("Reminder")).toList();
    assertThat(reminders)
        .containsExactly(
            "Reminder: gate signoff is waiting for <@U01> (santiago), <@U03> (dana).",
            "Reminder: gate signoff is waiting for <@U03> (dana).",
            "Reminder: gate signoff is waiting for <@U03> (dana).",
            "Reminder: gate signoff is waiting for <@U03> (dana).");
    workflow.approve(approval("dana"));
    assertThat(WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class).state())
        .isEqualTo(DeploymentState.SUCCEEDED);
  }

  @Test
  void escalationAddsItsPeopleAfterTheDelayAndOneOfThemCanApprove(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    NotificationActivities notifications = TestDeployments.notifications();
    worker.registerActivitiesImplementations(TestDeployments.database(), notifications);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(
            client,
            options,
            withGate(
                new GateSpec(
                    List.of("santiago"),
                    1,
                    Duration.ofHours(4),
                    List.of(),
                    null,
                    Duration.ofHours(2),
                    List.of("dana"))));
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);

    assertThatThrownBy(() -> workflow.approve(approval("dana")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("dana is not an approver of gate signoff (approvers: santiago)");

    env.sleep(Duration.ofHours(2).plusMinutes(1));
    assertThat(workflow.status().steps().get(0).gate().approvers())
        .containsExactly("santiago", "dana");
    assertThat(texts(notifications))
        .contains("Gate signoff has waited 2h: <@U03> (dana) is now an approver of it.");

    GateOutcome outcome = workflow.approve(approval("dana"));
    assertThat(outcome.approvals()).isEqualTo(1);
    assertThat(WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class).state())
        .isEqualTo(DeploymentState.SUCCEEDED);
  }

  private static Plan withGate(GateSpec gate) {
    List<Step> steps = new ArrayList<>(TestDeployments.signoffBySantiago().steps());
    steps.set(0, new Step("signoff", gate));
    return TestDeployments.planWith(steps);
  }

  private static List<String> texts(NotificationActivities notifications) {
    ArgumentCaptor<Notification> sent = ArgumentCaptor.forClass(Notification.class);
    verify(notifications, atLeastOnce()).notify(sent.capture());
    return sent.getAllValues().stream().map(Notification::text).toList();
  }
}
