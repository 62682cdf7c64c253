package dev.greenlight.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.activities.NotificationActivitiesImpl;
import dev.greenlight.workflows.AbortRequest;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.DeploymentSearchAttributes;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.WarRoomChannel;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.PreflightResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployment's one war-room message goes through its states in order, updated in place; key
 * moments are thread replies; rate limits are waited out; an outage never fails the run.
 */
class WarRoomMessageTest {

  @RegisterExtension static final TestWorkflowExtension temporal = extension();

  private FakeSlack slack;

  @BeforeEach
  void startSlack() throws Exception {
    slack = FakeSlack.start();
  }

  @AfterEach
  void stopSlack() {
    slack.close();
  }

  @Test
  void theMessageGoesThroughItsStatesInOrder(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    register(worker);
    env.start();

    DeploymentStatus done = run(client, options, true);

    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.notificationsFailed()).isZero();
    List<FakeSlack.Call> posts = slack.calls("chat.postMessage");
    FakeSlack.Call first = posts.get(0);
    assertThat(first.params()).doesNotContainKey("thread_ts").containsEntry("channel", "C0WARROOM");
    String ts = "1700000001.000100";
    assertThat(posts.subList(1, posts.size()))
        .allSatisfy(reply -> assertThat(reply.params()).containsEntry("thread_ts", ts));
    assertThat(posts)
        .extracting(p -> p.params().get("text"))
        .contains(
            "Deployment of menuca to production started by brian.",
            "Gate signoff approved by santiago via slack (1 of 1): GO",
            "Deployment of menuca to production SUCCEEDED.");
    List<FakeSlack.Call> updates = slack.calls("chat.update");
    assertThat(updates)
        .isNotEmpty()
        .allSatisfy(update -> assertThat(update.params()).containsEntry("ts", ts));
    List<FakeSlack.Call> message = new ArrayList<>(List.of(first));
    message.addAll(updates);
    // Updates are coalesced (the newest state wins), so intermediate states may be skipped, but
    // the message never goes back to an older state.
    assertThat(states(message)).containsSubsequence("WAITING_FOR_APPROVAL at signoff", "SUCCEEDED");
    assertThat(states(message).get(states(message).size() - 1)).isEqualTo("SUCCEEDED");
    String waiting =
        message.stream()
            .filter(u -> u.params().get("text").contains("WAITING"))
            .findFirst()
            .orElseThrow()
            .params()
            .get("blocks");
    assertThat(waiting)
        .contains("greenlight_approve", "greenlight_reject", "\\u003c@U01\\u003e", "0 of 1");
  }

  @Test
  void aRateLimitIsWaitedOutAndTheMessageStillConverges(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    slack.script(
        "chat.update", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "1"));
    slack.script(
        "chat.update", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "1"));
    register(worker);
    env.start();

    DeploymentStatus done = run(client, options, true);

    assertThat(done.notificationsFailed()).isZero();
    List<String> states = states(slack.calls("chat.update"));
    assertThat(states.get(states.size() - 1)).isEqualTo("SUCCEEDED");
    assertThat(slack.calls("chat.update").size()).isGreaterThan(2);
  }

  @Test
  void aSlackOutageDoesNotFailTheDeployment(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    slack.outage(503);
    register(worker);
    env.start();

    DeploymentStatus done = run(client, options, true);

    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.notificationsFailed()).isGreaterThan(0);
  }

  @Test
  void anAbortUpdatesTheMessageToo(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    register(worker);
    env.start();
    DeploymentWorkflow workflow = start(client, options);
    awaitWaiting(workflow);
    workflow.recordAbort(new AbortRequest("brian", "cli", "window moved"));
    WorkflowStub.fromTyped(workflow).cancel("aborted");
    try {
      WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    } catch (RuntimeException expected) {
      // cancelled
    }
    List<String> states = states(slack.calls("chat.update"));
    assertThat(states.get(states.size() - 1)).isEqualTo("ABORTED at signoff");
    assertThat(slack.calls("chat.postMessage"))
        .extracting(p -> p.params().get("text"))
        .contains("Deployment ABORTED: aborted by brian: window moved");
  }

  private DeploymentStatus run(WorkflowClient client, WorkflowOptions options, boolean approve)
      throws Exception {
    DeploymentWorkflow workflow = start(client, options);
    awaitWaiting(workflow);
    if (approve) {
      workflow.approve(new Approval(null, "santiago", "slack", "U01", "GO"));
    }
    return WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
  }

  private static DeploymentWorkflow start(WorkflowClient client, WorkflowOptions options) {
    Plan plan =
        new Plan(
            "menuca",
            "production",
            new DatabaseTarget("jdbc:postgresql://db/menuca", "u", null, "menuca"),
            Map.of("santiago", new Approver("U01"), "brian", new Approver("U02")),
            List.of(
                new Step(
                    "signoff",
                    new GateSpec(
                        List.of("santiago"),
                        1,
                        Duration.ofHours(4),
                        List.of("Rollback plan reviewed"))),
                new Step("preflight", new PreflightSpec(null, null, null))),
            new WarRoomChannel("C0WARROOM"));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, "brian", "plan.yaml"));
    return workflow;
  }

  private static void awaitWaiting(DeploymentWorkflow workflow) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (workflow.status().state() != DeploymentState.WAITING_FOR_APPROVAL) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /**
   * The state each update showed, from its fallback text: "WAITING_FOR_APPROVAL at signoff",
   * "SUCCEEDED".
   */
  private static List<String> states(List<FakeSlack.Call> updates) {
    List<String> states = new ArrayList<>();
    for (FakeSlack.Call update : updates) {
      String text = update.params().get("text");
      String state = text.substring(text.indexOf(": ") + 2);
      if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
        states.add(state);
      }
    }
    return states;
  }

  private void register(Worker worker) {
    DatabaseActivities database =
        mock(DatabaseActivities.class, withSettings().withoutAnnotations());
    when(database.preflight(any()))
        .thenReturn(new PreflightResult("menuca", "u", "15", 0, null, false, Instant.EPOCH));
    Map<String, String> environment =
        Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_API_URL", slack.apiUrl());
    worker.registerActivitiesImplementations(
        database, new NotificationActivitiesImpl(SlackWarRoom.fromEnvironment(environment::get)));
  }

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class)
            .setDoNotStart(true);
    DeploymentSearchAttributes.ALL.forEach(
        key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder.build();
  }
}
