package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployment survives its worker: a worker process is killed (SIGKILL) while a gate is open, a
 * new worker starts, and the approval carries the run to the end on the dev server.
 */
class WorkerRestartTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();

  @Test
  void aNewWorkerPicksUpAnOpenDeployment() throws Exception {
    Fixtures.menuca(database);
    Plan plan =
        new PlanReader()
            .parse(
                "restart.yaml",
                """
                release: restart
                environment: test
                database: { url: "%s", user: postgres, expect: { database: %s } }
                approvers: { santiago: {}, brian: {} }
                steps:
                  - gate: signoff
                    approvers: [santiago]
                  - baseline: { schemas: [menuca_v3] }
                """
                    .formatted(database.url(), database.name()));
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      try {
        WorkflowClient client = TemporalClients.client(service, config);
        Deployments deployments = new Deployments(client);
        String id;
        Process first = workerProcess(config.address());
        try {
          id = deployments.start(plan, "restart.yaml", "brian", null);
          AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
        } finally {
          first.destroyForcibly().waitFor();
        }
        try (GreenlightWorker second = GreenlightWorker.start(client, false, System::getenv)) {
          deployments.approve(id, new Approval(null, "santiago", "cli", "santiago", "GO"));
          DeploymentStatus done = AwaitDeployment.state(deployments, id, DeploymentState.SUCCEEDED);
          assertThat(((BaselineResult) done.steps().get(1).result()).tables()).hasSize(3);
        }
      } finally {
        service.shutdown();
      }
    }
  }

  /** {@code greenlight worker --no-sticky} in its own JVM, as the user runs it against dev. */
  static Process workerProcess(String address) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "worker",
            "--no-sticky",
            "--temporal",
            address)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
