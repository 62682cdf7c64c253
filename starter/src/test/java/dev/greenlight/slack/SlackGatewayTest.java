package dev.greenlight.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.greenlight.activities.slack.FakeSlack;
import dev.greenlight.activities.slack.SlackWarRoom;
import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.client.Signer;
import dev.greenlight.client.TestKeys;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.slack.GateAction;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack gateway in HTTP mode, as Slack calls it: correctly signed requests for the slash
 * command, the buttons and the reject modal, against a real deployment on the port-bound dev
 * server; answers go to a fake Slack.
 */
class SlackGatewayTest {

  private static final String SECRET = "test-signing-secret";
  private static final String TEAM = "T0GREEN";

  private DevServer server;
  private WorkflowServiceStubs service;
  private GreenlightWorker worker;
  private FakeSlack slack;
  private SlackHttpServer gateway;
  private ExecutorService executor;
  private Deployments deployments;
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path keys;
  private Path gatewayKey;
  private String gatewayPublicKey;

  @BeforeEach
  void start() throws Exception {
    gatewayKey = keys.resolve("gateway");
    gatewayPublicKey = TestKeys.generate(gatewayKey);
    server = DevServer.start("127.0.0.1", 0);
    TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
    service = TemporalClients.connect(config, Duration.ofSeconds(10));
    WorkflowClient client = TemporalClients.client(service, config);
    slack = FakeSlack.start();
    Map<String, String> workerEnvironment =
        Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_API_URL", slack.apiUrl());
    worker = GreenlightWorker.start(client, false, workerEnvironment::get);
    deployments = new Deployments(client);
    executor = Executors.newFixedThreadPool(2);
    Map<String, String> environment = Map.of("SLACK_API_URL", slack.apiUrl());
    gateway =
        SlackHttpServer.start(
            SlackGateway.app(
                new SlackGateway.Settings(
                    TEAM, "xoxb-test", SECRET, SlackWarRoom.slack(environment::get)),
                new SlackCommands(deployments, Signer.withKeyFile(gatewayKey)),
                executor),
            "127.0.0.1",
            0);
  }

  @AfterEach
  void stop() {
    gateway.close();
    executor.shutdownNow();
    slack.close();
    worker.close();
    service.shutdown();
    server.close();
  }

  @Test
  void slashCommandAndButtonApproveAdvanceTheDeploymentAndAClickCountsOnce() throws Exception {
    String id = startDeployment();

    assertThat(post(slash("U01", "approve " + id + " signoff GO from slack", "r1")).statusCode())
        .isEqualTo(200);
    assertThat(awaitResponse(1))
        .contains("Approved gate signoff as santiago (1 of 2); still awaiting dana.");

    String click = blockAction("U03", "greenlight_approve", id + "|signoff", "r2");
    assertThat(post(click).statusCode()).isEqualTo(200);
    assertThat(awaitResponse(2))
        .contains("Approved gate signoff as dana (2 of 2): the gate is approved.");
    awaitGateOpen(id, "go-live");
    // Slack delivers the same click again (same trigger id): the same one decision, not a second
    assertThat(post(click).statusCode()).isEqualTo(200);
    assertThat(awaitResponse(3))
        .contains("Approved gate signoff as dana (2 of 2): the gate is approved.");
    // a new click on the old button is a new decision, refused
    post(blockAction("U03", "greenlight_approve", id + "|signoff", "r2-again"));
    assertThat(awaitResponse(4)).contains("Not done: gate signoff is already approved.");

    DeploymentStatus next =
        AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
    assertThat(next.currentStep()).isEqualTo("go-live");
    var approvals = next.steps().get(0).gate().approvals();
    assertThat(approvals).hasSize(2);
    assertThat(approvals.get(0).via()).isEqualTo("slack");
    assertThat(approvals.get(0).userId()).isEqualTo("U01");
    assertThat(approvals.get(0).comment()).isEqualTo("GO from slack");
  }

  @Test
  void theWarRoomMessagesButtonsCarryTheRunToTheEnd() throws Exception {
    String id = startDeployment();

    String waiting = awaitMessageWith("greenlight_approve");
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile("\"value\":\"([^\"]+\\|signoff\\|\\|sha256:[0-9a-f]+)\"")
            .matcher(waiting);
    assertThat(value.find()).as(waiting).isTrue();
    post(blockAction("U01", "greenlight_approve", value.group(1), "b1"));
    assertThat(awaitResponse(1)).contains("Approved gate signoff as santiago (1 of 2)");
    post(blockAction("U03", "greenlight_approve", value.group(1), "b2"));
    assertThat(awaitResponse(2)).contains("Approved gate signoff as dana (2 of 2)");
    awaitGateOpen(id, "go-live");
    post(slash("U01", "approve " + id, "b3"));
    assertThat(awaitResponse(3))
        .contains("Approved gate go-live as santiago (1 of 1): the gate is approved.");

    AwaitDeployment.state(deployments, id, DeploymentState.SUCCEEDED);
    String ts =
        "1700000001.000100"; // the fake's answer to the first chat.postMessage: the living message
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!lastUpdateText().endsWith(": SUCCEEDED") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lastUpdateText())
        .isEqualTo("Deploy " + deployments.status(id).release() + " to test: SUCCEEDED");
    assertThat(slack.calls("chat.postMessage"))
        .extracting(call -> call.params().get("text"))
        .contains(
            "Gate signoff approved by santiago via slack (1 of 2): approved in Slack",
            "Gate go-live approved by santiago via slack (1 of 1).");
    assertThat(slack.calls("chat.postMessage").subList(1, slack.calls("chat.postMessage").size()))
        .allSatisfy(reply -> assertThat(reply.params()).containsEntry("thread_ts", ts));
  }

  private String awaitMessageWith(String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (String method : java.util.List.of("chat.postMessage", "chat.update")) {
        for (FakeSlack.Call call : slack.calls(method)) {
          String blocks = call.params().get("blocks");
          if (blocks != null && blocks.contains(text)) {
            return blocks;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no war-room message with " + text);
  }

  private String lastUpdateText() {
    var updates = slack.calls("chat.update");
    return updates.isEmpty() ? "" : updates.get(updates.size() - 1).params().get("text");
  }

  @Test
  void withAGatewayKeyInThePlanSlackDecisionsAreSignedByTheGatewayAndCheckedByTheWorker()
      throws Exception {
    Path brianKey = keys.resolve("brian");
    String brian = TestKeys.generate(brianKey);
    String santiago = TestKeys.generate(keys.resolve("santiago"));
    String dana = TestKeys.generate(keys.resolve("dana"));
    var plan =
        new PlanReader()
            .parse(
                "signed.yaml",
                """
        release: signed-%s
        environment: test
        database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
        approvers:
          santiago: { slack: U01, key: "%s" }
          brian: { slack: U02, key: "%s" }
          dana: { slack: U03, key: "%s" }
        signatures: { required: true, slackGateway: "%s" }
        notify: { slack: { channel: C0WARROOM } }
        steps:
          - gate: signoff
            approvers: [santiago, dana]
          - notify: done
        """
                    .formatted(
                        UUID.randomUUID().toString().substring(0, 8),
                        santiago,
                        brian,
                        dana,
                        gatewayPublicKey));
    String id = deployments.start(plan, "signed.yaml", "brian", null, Signer.withKeyFile(brianKey));
    DeploymentStatus waiting =
        AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
    String evidence = waiting.steps().get(0).gate().evidence().digest();

    String blocks = awaitMessageWith(evidence);
    assertThat(blocks).contains(id + "|signoff||" + evidence);
    post(blockAction("U01", "greenlight_approve", id + "|signoff||" + evidence, "s1"));
    assertThat(awaitResponse(1)).contains("Approved gate signoff as santiago (1 of 1)");

    DeploymentStatus done = AwaitDeployment.state(deployments, id, DeploymentState.SUCCEEDED);
    var approval = done.steps().get(0).gate().approvals().get(0);
    assertThat(approval.via()).isEqualTo("slack");
    assertThat(approval.signer()).isEqualTo(SshKeys.parsePublicKey(gatewayPublicKey).fingerprint());
    assertThat(approval.evidence()).isEqualTo(evidence);
    assertThat(approval.proof().statement()).contains("by: slack:U01", "gate: signoff");
  }

  @Test
  void refusalsAreSpecificAndTheGateStaysOpen() throws Exception {
    String id = startDeployment();

    post(slash("U99", "approve " + id, "a"));
    assertThat(awaitResponse(1))
        .contains("Not done: <@U99> is not one of the approvers of deployment " + id + ".");
    post(slash("U02", "approve " + id, "b"));
    assertThat(awaitResponse(2))
        .contains("Not done: the release lead (brian) cannot approve their own deployment.");
    post(blockAction("U05", "greenlight_approve", id + "|signoff", "c"));
    assertThat(awaitResponse(3))
        .contains(
            "Not done: eve is not an approver of gate signoff (approvers: santiago, dana, brian).");
    post(slash("U01", "approve deploy-nothing", "d"));
    assertThat(awaitResponse(4)).contains("Not done: no deployment with id deploy-nothing.");

    DeploymentStatus status = deployments.status(id);
    assertThat(status.state()).isEqualTo(DeploymentState.WAITING_FOR_APPROVAL);
    assertThat(status.steps().get(0).gate().approvals()).isEmpty();
  }

  @Test
  void badSignaturesOldTimestampsAndOtherWorkspacesAreRefused() throws Exception {
    String id = startDeployment();
    String body = slash("U01", "approve " + id, "x");
    long now = System.currentTimeMillis() / 1000;

    assertThat(send(body, now, "v0=" + "0".repeat(64)).statusCode()).isEqualTo(401);
    long old = now - 6 * 60;
    assertThat(
            send(body, old, new SlackSignature.Generator(SECRET).generate(Long.toString(old), body))
                .statusCode())
        .isEqualTo(401);
    String otherTeam = body.replace("team_id=" + TEAM, "team_id=T0OTHER");
    assertThat(post(otherTeam).statusCode()).isEqualTo(403);

    Thread.sleep(300);
    assertThat(slack.responses()).isEmpty();
    assertThat(deployments.status(id).steps().get(0).gate().approvals()).isEmpty();
  }

  @Test
  void rejectOpensAModalWhoseSubmissionAbortsTheRun() throws Exception {
    String id = startDeployment();

    assertThat(post(blockAction("U03", "greenlight_reject", id + "|signoff", "r")).statusCode())
        .isEqualTo(200);
    var opened = slack.calls("views.open");
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).params().get("trigger_id")).isEqualTo("trigger-r");
    assertThat(opened.get(0).params().get("view"))
        .contains(GateAction.REJECT_MODAL, id + "|signoff|C0WARROOM");

    assertThat(
            post(viewSubmission("U03", id + "|signoff|C0WARROOM", "support not briefed"))
                .statusCode())
        .isEqualTo(200);
    DeploymentStatus aborted = AwaitDeployment.state(deployments, id, DeploymentState.ABORTED);
    assertThat(aborted.reason()).isEqualTo("gate signoff rejected by dana: support not briefed");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (slack.calls("chat.postEphemeral").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(slack.calls("chat.postEphemeral").get(0).params())
        .containsEntry("user", "U03")
        .containsEntry("text", "Rejected gate signoff as dana: the deployment is aborting.");
  }

  @Test
  void statusAndUsage() throws Exception {
    String id = startDeployment();
    post(slash("U01", "status " + id, "s"));
    assertThat(awaitResponse(1)).contains(id + ": WAITING_FOR_APPROVAL at signoff");
    post(slash("U01", "help", "h"));
    assertThat(awaitResponse(2)).contains("Usage: /greenlight approve");
  }

  private String startDeployment() throws Exception {
    var plan =
        new PlanReader()
            .parse(
                "slack.yaml",
                """
        release: slack-%s
        environment: test
        database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
        approvers: { santiago: { slack: U01 }, brian: { slack: U02 }, dana: { slack: U03 }, eve: { slack: U05 } }
        notify: { slack: { channel: C0WARROOM } }
        steps:
          - gate: signoff
            approvers: [santiago, dana, brian]
            required: 2
          - gate: go-live
            approvers: [santiago]
          - notify: done
        """
                    .formatted(UUID.randomUUID().toString().substring(0, 8)));
    String id = deployments.start(plan, "slack.yaml", "brian", null);
    AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
    return id;
  }

  private void awaitGateOpen(String id, String gate) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!gate.equals(deployments.status(id).currentStep())) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private String awaitResponse(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (slack.responses().size() < count) {
      assertThat(System.nanoTime()).as("an answer in Slack").isLessThan(deadline);
      Thread.sleep(50);
    }
    String answer = slack.responses().get(count - 1);
    assertThat(answer).contains("\"response_type\":\"ephemeral\"");
    return answer.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0027", "'");
  }

  private String slash(String user, String text, String responseName) {
    return form(
        Map.of(
            "token",
            "legacy",
            "team_id",
            TEAM,
            "team_domain",
            "green",
            "channel_id",
            "C0WARROOM",
            "user_id",
            user,
            "user_name",
            user,
            "command",
            "/greenlight",
            "text",
            text,
            "response_url",
            slack.responseUrl(responseName),
            "trigger_id",
            "trigger-" + responseName));
  }

  private String blockAction(String user, String actionId, String value, String responseName) {
    String payload =
        """
        {"type":"block_actions","team":{"id":"%s","domain":"green"},"user":{"id":"%s","team_id":"%s"},
         "api_app_id":"A1","token":"legacy","trigger_id":"trigger-%s","response_url":"%s",
         "channel":{"id":"C0WARROOM","name":"war-room"},"container":{"type":"message","message_ts":"1.1","channel_id":"C0WARROOM"},
         "actions":[{"type":"button","action_id":"%s","block_id":"greenlight_gate","value":"%s","action_ts":"1.2"}]}
        """
            .formatted(
                TEAM, user, TEAM, responseName, slack.responseUrl(responseName), actionId, value);
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  private String viewSubmission(String user, String metadata, String reason) {
    String payload =
        """
        {"type":"view_submission","team":{"id":"%s","domain":"green"},"user":{"id":"%s","team_id":"%s"},"api_app_id":"A1",
         "view":{"id":"V1","team_id":"%s","type":"modal","callback_id":"%s","private_metadata":"%s",
          "state":{"values":{"reason":{"reason":{"type":"plain_text_input","value":"%s"}}}}}}
        """
            .formatted(TEAM, user, TEAM, TEAM, GateAction.REJECT_MODAL, metadata, reason);
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  private static String form(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (name, value) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return body.toString();
  }

  private HttpResponse<String> post(String body) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    return send(body, now, new SlackSignature.Generator(SECRET).generate(Long.toString(now), body));
  }

  private HttpResponse<String> send(String body, long timestamp, String signature)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + SlackHttpServer.PATH))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
            .header("X-Slack-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
