package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.Metrics;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.status.DeploymentState;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker's Prometheus endpoint carries the SDK's metrics and Greenlight's own. */
class MetricsTest {

  @Test
  void aFinishedDeploymentShowsUpOnTheEndpoint() throws Exception {
    try (DevServer server = DevServer.start("127.0.0.1", 0);
        Metrics metrics = Metrics.start("127.0.0.1", 0, Duration.ofMillis(100))) {
      TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
      WorkflowServiceStubs service =
          TemporalClients.connect(config, Duration.ofSeconds(10), metrics.scope());
      WorkflowClient client = TemporalClients.client(service, config);
      try (GreenlightWorker worker = GreenlightWorker.start(client, false, System::getenv)) {
        Deployments deployments = new Deployments(client);
        var plan =
            new PlanReader()
                .parse(
                    "metrics.yaml",
                    """
            release: metrics
            environment: test
            database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
            approvers: { santiago: {} }
            steps:
              - gate: signoff
                approvers: [santiago]
              - notify: done
            """);
        String id = deployments.start(plan, "metrics.yaml", "brian", null);
        AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
        deployments.approve(id, new Approval(null, "santiago", "cli", "santiago", "GO"));
        AwaitDeployment.ended(deployments, id);

        String scraped = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scraped.contains("greenlight_deployments_finished")
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
          scraped = scrape(metrics.port());
        }
        assertThat(scraped)
            .containsPattern("greenlight_deployments_started_total\\{[^}]*\\} 1\\.0")
            .containsPattern(
                "greenlight_deployments_finished_total\\{[^}]*state=\"SUCCEEDED\"[^}]*\\} 1\\.0")
            .containsPattern(
                "greenlight_gate_wait_seconds_count\\{[^}]*outcome=\"APPROVED\"[^}]*\\} 1")
            .contains("temporal_workflow_completed_total");
      } finally {
        service.shutdown();
      }
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
