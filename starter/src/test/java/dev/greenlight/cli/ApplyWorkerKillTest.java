package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.client.Deployments;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.FileState;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed (SIGKILL) while a migration runs: PostgreSQL rolls the file back, a new worker
 * takes the activity over once its heartbeat is missed, and the file is applied exactly once.
 */
class ApplyWorkerKillTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aNewWorkerAppliesTheFileOnceAfterTheFirstWasKilledMidFile() throws Exception {
    Fixtures.menuca(database);
    Files.createDirectories(directory.resolve("changes"));
    Files.writeString(
        directory.resolve("changes/V1__slow_fix.sql"),
        "insert into menuca_v3.\"Restaurants\" values (100, 'new');\nselect pg_sleep(2);\n");
    Path planFile =
        Files.writeString(
            directory.resolve("plan.yaml"),
            """
            release: kill
            environment: test
            database: { url: "%s", user: postgres, expect: { database: %s } }
            approvers: { santiago: {} }
            steps:
              - apply: { migrations: changes }
            """
                .formatted(database.url(), database.name()));
    Plan plan = new PlanReader().read(planFile);
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      try {
        WorkflowClient client = TemporalClients.client(service, config);
        Deployments deployments = new Deployments(client);
        Process first = WorkerRestartTest.workerProcess(config.address());
        String id;
        try {
          id = deployments.start(plan, "plan.yaml", "brian", null);
          awaitSleeping();
        } finally {
          first.destroyForcibly().waitFor();
        }
        try (GreenlightWorker second = GreenlightWorker.start(client, false, System::getenv)) {
          DeploymentStatus done = awaitEnd(deployments, id);

          assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.SUCCEEDED);
          AppliedFile file = ((ApplyResult) done.steps().get(0).result()).files().get(0);
          assertThat(file.state()).isEqualTo(FileState.APPLIED);
          assertThat(file.attempt()).isEqualTo(2);
          assertThat(count("select count(*) from menuca_v3.\"Restaurants\"")).isEqualTo(4);
          assertThat(count("select count(*) from flyway_schema_history")).isEqualTo(1);
        }
      } finally {
        service.shutdown();
      }
    }
  }

  /** Until the first worker's session runs the file's pg_sleep. */
  private void awaitSleeping() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (count(
            "select count(*) from pg_stat_activity where application_name = 'greenlight apply'"
                + " and query like '%pg_sleep%' and state = 'active'")
        == 0) {
      assertThat(System.nanoTime()).as("the first worker runs the file").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static DeploymentStatus awaitEnd(Deployments deployments, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    DeploymentStatus status = deployments.status(id);
    while (!status.state().isFinal()) {
      assertThat(System.nanoTime()).as("ended; last " + status).isLessThan(deadline);
      Thread.sleep(100);
      status = deployments.status(id);
    }
    return status;
  }

  private long count(String sql) throws Exception {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
