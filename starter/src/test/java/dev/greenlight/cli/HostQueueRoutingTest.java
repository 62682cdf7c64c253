package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several workers on several hosts: two worker JVMs in two working directories (hosts a and b)
 * against one server. A catalog command reaches the host that holds the backups, from a third
 * directory; an archive activity meant for host a waits for a's worker instead of landing on b's;
 * and a backup names the host queue of the worker that wrote it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HostQueueRoutingTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path hostA;
  @TempDir Path hostB;
  @TempDir Path elsewhere;

  @Test
  void catalogCommandsReachTheHostThatHoldsTheBackups() throws Exception {
    Fixtures.menuca(database);
    BackupResult onA = backupInto(hostA.resolve("backups"));
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      String address = "127.0.0.1:" + server.port();
      TemporalConfig config = new TemporalConfig(address, "default");
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      try (GreenlightProcess b = GreenlightProcess.worker(hostB, "b", address)) {
        assertThat(b.output())
            .contains("polling task queues greenlight and greenlight-host-b")
            .contains("backups in " + hostB.resolve("backups"));

        // Host a's worker is not running yet: b polls the shared queue and its own, and does not
        // take the verification of a's backup; the command waits for a.
        CompletableFuture<Cli> verify =
            CompletableFuture.supplyAsync(
                () -> Cli.run("backups", "verify", onA.id(), "--host", "a", "--temporal", address));
        Thread.sleep(2000);
        assertThat(verify).as("answered without host a's worker").isNotDone();

        try (GreenlightProcess a = GreenlightProcess.worker(hostA, "a", address)) {
          Cli verified = verify.get(40, TimeUnit.SECONDS);
          assertThat(verified.code()).as(verified.err()).isZero();
          assertThat(verified.out())
              .startsWith("backup " + onA.id() + ": 1 files match their checksums");
          WorkflowClient client = TemporalClients.client(service, config);
          assertThat(activityWorkers(client, "BackupsVerify"))
              .as("the activity ran in a's worker process")
              .containsOnly(a.pid() + "@");

          // From a third directory, in another JVM: a's catalog, resolved on a.
          GreenlightProcess list =
              GreenlightProcess.start(
                  elsewhere, "backups", "list", "--host", "a", "--temporal", address);
          assertThat(list.waitFor(Duration.ofSeconds(60))).as(list.output()).isZero();
          assertThat(list.output()).contains(onA.id());

          Cli onB = Cli.run("backups", "list", "--host", "b", "--temporal", address);
          assertThat(onB.code()).as(onB.err()).isZero();
          assertThat(onB.out().lines()).hasSize(1);
          Cli notOnB = Cli.run("backups", "verify", onA.id(), "--host", "b", "--temporal", address);
          assertThat(notOnB.code()).isEqualTo(3);
          assertThat(notOnB.err())
              .isEqualTo(
                  "greenlight: no backup " + onA.id() + " in " + hostB.resolve("backups") + "\n");

          // A deployment's backup lands on either worker; its result names that worker's queue,
          // and that host's catalog lists it.
          BackupResult taken = deploymentBackup(new Deployments(client));
          String host = TaskQueues.hostOf(taken.taskQueue());
          assertThat(host).isIn("a", "b");
          Path catalog = (host.equals("a") ? hostA : hostB).resolve("backups");
          assertThat(Path.of(taken.location())).startsWith(catalog);
          Cli listed = Cli.run("backups", "list", "--host", host, "--temporal", address);
          assertThat(listed.out()).contains(taken.id());
        }
      } finally {
        service.shutdown();
      }
    }
  }

  @Test
  void aBadHostNameIsOneLine() {
    Cli bad = Cli.run("backups", "list", "--host", "Host A", "--temporal", "127.0.0.1:1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("greenlight: --host: 'Host A' is not a host name");
  }

  private BackupResult backupInto(Path catalog) {
    BackupSpec spec =
        new BackupSpec("pg_dump", catalog.toString(), "custom", null, null, List.of(), null);
    return new BackupEngine(
            new PgTools(null), new DatabaseConnector(name -> null), Clock.systemUTC())
        .backup(new BackupRequest("k", "test-pre-a", database.target(), spec, null), b -> {});
  }

  private BackupResult deploymentBackup(Deployments deployments) throws Exception {
    var plan =
        new PlanReader()
            .parse(
                "hosts.yaml",
                """
                release: hosts
                environment: test
                database: { url: "%s", user: postgres, expect: { database: %s } }
                approvers: { santiago: {} }
                steps:
                  - backup: { directory: backups, format: custom }
                """
                    .formatted(database.url(), database.name()));
    String id = deployments.start(plan, "hosts.yaml", "brian", null);
    DeploymentStatus done = AwaitDeployment.ended(deployments, id);
    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.SUCCEEDED);
    return (BackupResult) done.steps().get(0).result();
  }

  /** The identities (pid@machine, as prefixes {@code pid@}) of the workers that ran activities. */
  private static List<String> activityWorkers(WorkflowClient client, String workflowType) {
    List<WorkflowExecutionInfo> closed =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace("default").build())
            .getExecutionsList();
    return closed.stream()
        .filter(e -> e.getType().getName().equals(workflowType))
        .flatMap(e -> client.fetchHistory(e.getExecution().getWorkflowId()).getEvents().stream())
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .map(HistoryEvent::getActivityTaskStartedEventAttributes)
        .map(started -> started.getIdentity().substring(0, started.getIdentity().indexOf('@') + 1))
        .toList();
  }
}
