package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.DeploymentState;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code requires: { environment: staging, within: 7d }}: production starts only after the same
 * release with the same plan (environment and database aside) succeeded in staging; on the dev
 * server through the legacy closed-executions listing.
 */
class PromotionTest {

  private DevServer server;
  private WorkflowServiceStubs service;
  private GreenlightWorker worker;
  private WorkflowClient client;
  private Deployments deployments;

  @BeforeEach
  void start() {
    server = DevServer.start("127.0.0.1", 0);
    TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
    service = TemporalClients.connect(config, Duration.ofSeconds(10));
    client = TemporalClients.client(service, config);
    worker = GreenlightWorker.start(client, false, System::getenv);
    deployments = new Deployments(client);
  }

  @AfterEach
  void stop() {
    worker.close();
    service.shutdown();
    server.close();
  }

  @Test
  void productionNeedsTheSamePlanToHaveSucceededInStaging() throws Exception {
    String release = "promo-" + UUID.randomUUID().toString().substring(0, 8);
    Plan production =
        plan(
            release,
            "production",
            "prod_db",
            "requires: { environment: staging, within: 7d }",
            "Proceeding.");

    assertThatThrownBy(() -> deployments.start(production, "p.yaml", "brian", null))
        .isInstanceOf(GreenlightException.class)
        .hasMessageStartingWith(
            "production needs a deployment of " + release + " with the same plan (sha256:")
        .hasMessageEndingWith("; there is none")
        .satisfies(
            e -> assertThat(((GreenlightException) e).exitCode()).isEqualTo(ExitCode.REFUSED));

    // a start sent by another Temporal client, past the CLI's check: the worker refuses it
    var bypass =
        client.newWorkflowStub(
            dev.greenlight.workflows.DeploymentWorkflow.class,
            io.temporal.client.WorkflowOptions.newBuilder()
                .setWorkflowId("bypass-" + release)
                .setTaskQueue(dev.greenlight.workflows.DeploymentWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(bypass::run, new StartDeployment(production, "brian", "p.yaml"));
    var refused = AwaitDeployment.ended(deployments, "bypass-" + release);
    assertThat(refused.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(refused.reason())
        .startsWith("the start was refused: production needs a deployment of " + release);

    String other =
        deployments.start(
            plan(release, "staging", "staging_db", "", "Something else."),
            "s.yaml",
            "brian",
            "staging-other");
    closed(other);
    assertThatThrownBy(() -> deployments.start(production, "p.yaml", "brian", null))
        .hasMessageContaining("the nearest: staging-other succeeded with another plan");

    String staging =
        deployments.start(
            plan(release, "staging", "staging_db", "", "Proceeding."), "s.yaml", "brian", null);
    closed(staging);
    String id = deployments.start(production, "p.yaml", "brian", null);
    AwaitDeployment.state(deployments, id, DeploymentState.SUCCEEDED);
    StartDeployment input =
        client
            .getOptions()
            .getDataConverter()
            .fromPayload(
                client
                    .fetchHistory(id)
                    .getEvents()
                    .get(0)
                    .getWorkflowExecutionStartedEventAttributes()
                    .getInput()
                    .getPayloads(0),
                StartDeployment.class,
                StartDeployment.class);
    assertThat(input.promotedFrom())
        .startsWith(staging + "/")
        .contains(" succeeded in staging at ");
  }

  /** Waits until the run has closed (its status says SUCCEEDED a moment before). */
  private void closed(String id) {
    client.newUntypedWorkflowStub(id).getResult(Object.class);
  }

  private static Plan plan(
      String release, String environment, String database, String requires, String text)
      throws Exception {
    return new PlanReader()
        .parse(
            environment + ".yaml",
            """
            release: %s
            environment: %s
            database: { url: "jdbc:postgresql://127.0.0.1:5432/%s", expect: { database: %s } }
            approvers: { santiago: { slack: U01 } }
            %s
            steps:
              - notify: "%s"
            """
                .formatted(release, environment, database, database, requires, text));
  }
}
