package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.DeploymentSearchAttributes;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it, in-process, against the port-bound dev server over real gRPC and a
 * worker running the real activities against a fresh database on the real PostgreSQL.
 */
class EndToEndTest {

  private static DevServer server;
  private static WorkflowServiceStubs service;
  private static GreenlightWorker worker;
  private static String address;

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;
  private Path plan;

  @BeforeAll
  static void startTemporal() {
    server = DevServer.start("127.0.0.1", 0);
    address = "127.0.0.1:" + server.port();
    TemporalConfig config = new TemporalConfig(address, "default");
    service = TemporalClients.connect(config, Duration.ofSeconds(10));
    worker = GreenlightWorker.start(TemporalClients.client(service, config), false, System::getenv);
  }

  @AfterAll
  static void stopTemporal() {
    worker.close();
    service.shutdown();
    server.close();
  }

  @BeforeEach
  void writePlan() throws Exception {
    Fixtures.menuca(database);
    plan = directory.resolve("menuca.yaml");
    Files.writeString(
        plan,
        """
        release: menuca-v3-%s
        environment: production
        database: { url: "%s", user: postgres, expect: { database: %s } }
        approvers: { santiago: { slack: U01 }, brian: { slack: U02 }, dana: { slack: U03 } }
        steps:
          - gate: signoff
            approvers: [santiago, dana]
            required: 1
            timeout: 4h
            confirm: ["Rollback plan reviewed"]
          - preflight: { maxActiveConnections: 10 }
          - baseline: { schemas: [menuca_v3], exact: true }
          - notify: "Baseline captured. Proceeding."
        """
            .formatted(
                UUID.randomUUID().toString().substring(0, 8), database.url(), database.name()));
  }

  @Test
  void startApproveWatchToSucceededWithTheRecordInStatusJson() throws Exception {
    Run start = cli("start", plan.toString(), "--as", "brian");
    assertThat(start.code).isZero();
    String id = start.out.strip();
    assertThat(start.out).isEqualTo(id + "\n").startsWith("deploy-menuca-v3-");

    JsonNode waiting = awaitJsonState(id, "WAITING_FOR_APPROVAL");
    assertThat(waiting.get("currentStep").asText()).isEqualTo("signoff");
    assertThat(waiting.get("startedBy").asText()).isEqualTo("brian");

    Run approve = cli("approve", id, "--as", "santiago", "--comment", "GO");
    assertThat(approve.code).isZero();
    assertThat(approve.out).contains("approved gate signoff (1 of 1): gate APPROVED");

    Run watch = cli("watch", id, "--interval-ms", "100");
    assertThat(watch.code).isZero();
    assertThat(watch.out).contains("deployment SUCCEEDED");

    JsonNode done = json(cli("status", id, "--json"));
    assertThat(done.get("id").asText()).isEqualTo(id);
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    List<String> steps = new ArrayList<>();
    done.get("steps")
        .forEach(
            s ->
                steps.add(
                    s.get("name").asText()
                        + ":"
                        + s.get("kind").asText()
                        + ":"
                        + s.get("state").asText()));
    assertThat(steps)
        .containsExactly(
            "signoff:gate:SUCCEEDED",
            "preflight:preflight:SUCCEEDED",
            "baseline:baseline:SUCCEEDED",
            "notify:notify:SUCCEEDED");
    JsonNode approval = done.at("/steps/0/gate/approvals/0");
    assertThat(approval.get("approver").asText()).isEqualTo("santiago");
    assertThat(approval.get("via").asText()).isEqualTo("cli");
    assertThat(approval.get("comment").asText()).isEqualTo("GO");
    JsonNode baseline = done.at("/steps/2/baseline");
    assertThat(baseline.get("database").asText()).isEqualTo(database.name());
    assertThat(baseline.get("policyCount").asInt()).isEqualTo(1);
    assertThat(baseline.get("indexCount").asInt()).isEqualTo(3);
    assertThat(baseline.at("/tables/0/table").asText()).isEqualTo("Restaurants");
    assertThat(baseline.at("/tables/0/rows").asLong()).isEqualTo(3);
  }

  @Test
  void theTemporalUiAndListShowWhereItStands() throws Exception {
    String id = cli("start", plan.toString(), "--as", "brian").out.strip();
    awaitJsonState(id, "WAITING_FOR_APPROVAL");

    WorkflowClient client = TemporalClients.client(service, new TemporalConfig(address, "default"));
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    var description = stub.describe();
    assertThat(description.getStaticSummary())
        .matches("Deploy menuca-v3-\\w+ to production, started by brian");
    assertThat(description.getStaticDetails())
        .contains(
            "1. signoff — gate: 1 of santiago, dana within 4h",
            "3. baseline — baseline: menuca_v3 (exact counts)");
    var attributes = description.getTypedSearchAttributes();
    assertThat(attributes.get(DeploymentSearchAttributes.STATE)).isEqualTo("WAITING_FOR_APPROVAL");
    assertThat(attributes.get(DeploymentSearchAttributes.STEP)).isEqualTo("signoff");
    assertThat(attributes.get(DeploymentSearchAttributes.AWAITING))
        .containsExactly("santiago", "dana");
    assertThat(
            stub.query(WorkflowClient.QUERY_TYPE_WORKFLOW_METADATA, WorkflowMetadata.class)
                .getCurrentDetails())
        .contains(
            "WAITING_FOR_APPROVAL at **signoff**",
            "| signoff | 🔒 waiting for approval | awaiting santiago, dana (0 of 1)");

    Run list = cli("list");
    assertThat(list.code).isZero();
    assertThat(list.out.lines().filter(line -> line.startsWith(id + " ")).findFirst().orElseThrow())
        .contains("production", "WAITING_FOR_APPROVAL", "signoff", "santiago,dana");
  }

  @Test
  void refusalsRejectionAndTheirExitCodes() throws Exception {
    String id = cli("start", plan.toString(), "--as", "brian").out.strip();
    awaitJsonState(id, "WAITING_FOR_APPROVAL");

    Run again = cli("start", plan.toString(), "--as", "brian");
    assertThat(again.code).isEqualTo(6);
    assertThat(again.err).contains("deployment " + id + " is already running");

    Run stranger = cli("approve", id, "--as", "mallory");
    assertThat(stranger.code).isEqualTo(4);
    assertThat(stranger.err)
        .isEqualTo(
            "greenlight: mallory is not an approver of gate signoff (approvers: santiago, dana)\n");

    Run unknown = cli("status", "deploy-nothing-here");
    assertThat(unknown.code).isEqualTo(3);
    assertThat(unknown.err).isEqualTo("greenlight: no deployment with id deploy-nothing-here\n");

    Run reject = cli("reject", id, "--as", "dana", "--reason", "support not briefed");
    assertThat(reject.code).isZero();
    Run watch = cli("watch", id, "--interval-ms", "100");
    assertThat(watch.code).isEqualTo(10);
    assertThat(watch.out)
        .contains("deployment ABORTED: gate signoff rejected by dana: support not briefed");

    Run late = cli("approve", id, "--as", "santiago");
    assertThat(late.code).isEqualTo(4);
    assertThat(late.err)
        .isEqualTo("greenlight: deployment " + id + " has already ended (ABORTED)\n");
  }

  @Test
  void abortRecordsWhoAndWhy() throws Exception {
    String id = cli("start", plan.toString(), "--as", "brian").out.strip();
    awaitJsonState(id, "WAITING_FOR_APPROVAL");

    Run abort = cli("abort", id, "--as", "brian", "--reason", "window moved");
    assertThat(abort.code).isZero();
    Run watch = cli("watch", id, "--interval-ms", "100");
    assertThat(watch.code).isEqualTo(10);

    JsonNode last = json(cli("status", id, "--json"));
    assertThat(last.get("state").asText()).isEqualTo("ABORTED");
    assertThat(last.at("/abort/by").asText()).isEqualTo("brian");
    assertThat(last.at("/abort/reason").asText()).isEqualTo("window moved");
    assertThat(last.at("/steps/0/gate/state").asText()).isEqualTo("CLOSED");
  }

  @Test
  void aFailedStepEndsTheRunWithItsReason() throws Exception {
    Files.writeString(
        plan,
        Files.readString(plan)
            .replace("expect: { database: " + database.name(), "expect: { database: menuca"));
    String id = cli("start", plan.toString(), "--as", "brian").out.strip();
    awaitJsonState(id, "WAITING_FOR_APPROVAL");
    cli("approve", id, "--as", "dana");

    Run watch = cli("watch", id, "--interval-ms", "100");
    assertThat(watch.code).isEqualTo(11);
    assertThat(watch.out)
        .contains(
            "preflight      FAILED: connected to database '"
                + database.name()
                + "' but the plan expects 'menuca'");
  }

  @Test
  void userMistakesGetOneLineAndTheirExitCode() throws Exception {
    Files.writeString(plan, Files.readString(plan).replace("required: 1", "required: 3"));
    Run badPlan = cli("start", plan.toString(), "--as", "brian");
    assertThat(badPlan.code).isEqualTo(2);
    assertThat(badPlan.err)
        .isEqualTo(
            "greenlight: "
                + plan
                + ":8: steps[0].required: 3 is more than the 2 approvers listed for gate signoff\n");

    Run check = cli("plan", "check", plan.toString());
    assertThat(check.code).isEqualTo(2);

    Run noServer = cli("status", "x", "--temporal", "127.0.0.1:1");
    assertThat(noServer.code).isEqualTo(5);
    assertThat(noServer.err)
        .startsWith("greenlight: cannot reach Temporal at 127.0.0.1:1 (")
        .doesNotContain("\tat ");

    Run missingOption = cli("approve", "x");
    assertThat(missingOption.code).isEqualTo(2);
    assertThat(missingOption.err).startsWith("Missing required option: '--as=NAME'");
  }

  private record Run(int code, String out, String err) {}

  private Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("plan") && !all.contains("--temporal")) {
      all.add("--temporal");
      all.add(address);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private JsonNode awaitJsonState(String id, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode status = json(cli("status", id, "--json"));
    while (!status.get("state").asText().equals(state)) {
      assertThat(System.nanoTime()).as("reached " + state + ": " + status).isLessThan(deadline);
      Thread.sleep(50);
      status = json(cli("status", id, "--json"));
    }
    return status;
  }

  private static JsonNode json(Run run) throws Exception {
    assertThat(run.code).as(run.err).isZero();
    return new ObjectMapper().readTree(run.out);
  }
}
