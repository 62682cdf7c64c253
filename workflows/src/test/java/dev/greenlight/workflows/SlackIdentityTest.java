package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.slack.GateAction;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Slack decision names the Slack user; the deployment maps that user to the plan's approver in
 * the gate's validator, so one update decides, and the same rules hold as for the CLI.
 */
class SlackIdentityTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void theDeploymentMapsSlackUsersToItsApprovers(
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
        () -> workflow.approve(Approval.fromSlack(null, "U99", "GO")),
        "<@U99> is not one of the approvers of deployment");
    assertRefused(
        () -> workflow.approve(Approval.fromSlack(null, "U02", "GO")),
        "the release lead (brian) cannot approve their own deployment");
    assertRefused(
        () -> workflow.approve(new Approval(null, "dana", Approval.SLACK, "U01", "GO")),
        "<@U01> is santiago in this deployment's plan, not dana");

    GateOutcome first = workflow.approve(Approval.fromSlack("signoff", "U01", "GO"));
    assertThat(first.decidedBy()).isEqualTo("santiago");
    assertThat(first.confirm()).containsExactly("Rollback plan reviewed");
    assertRefused(
        () -> workflow.approve(Approval.fromSlack(null, "U01", "again")),
        "santiago has already approved gate signoff");

    GateOutcome second = workflow.approve(Approval.fromSlack(null, "U03", null));
    assertThat(second.decidedBy()).isEqualTo("dana");
    assertThat(second.state()).isEqualTo(GateState.APPROVED);
    var approvals = workflow.status().steps().get(0).gate().approvals();
    assertThat(approvals)
        .extracting(d -> d.approver() + "/" + d.via() + "/" + d.userId())
        .containsExactly("santiago/slack/U01", "dana/slack/U03");
  }

  @Test
  void theButtonProtocolRoundTrips() {
    GateAction action = new GateAction("deploy-menuca-v3-production", "signoff");
    assertThat(GateAction.parse(action.value())).isEqualTo(action);
    GateAction answered = action.in("C0WARROOM");
    assertThat(GateAction.parse(answered.metadata())).isEqualTo(answered);
    assertThatThrownBy(() -> GateAction.parse("only-an-id"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(Runnable decision, String reason) {
    assertThatThrownBy(decision::run)
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(reason);
  }
}
