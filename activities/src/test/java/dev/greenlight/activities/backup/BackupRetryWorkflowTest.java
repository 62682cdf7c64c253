package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.activities.BackupActivitiesImpl;
import dev.greenlight.activities.DatabaseActivitiesImpl;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.NotificationActivitiesImpl;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.DeploymentSearchAttributes;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup step retries a failed attempt under its retry policy and ends with exactly one backup;
 * a failure that cannot heal ends the run after one attempt, with its reason.
 */
class BackupRetryWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = extension();

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class)
            .setDoNotStart(true);
    DeploymentSearchAttributes.ALL.forEach(
        key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder.build();
  }

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @Test
  void aCommandThatFailsTwiceIsRetriedAndLeavesOneBackup(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Fixtures.menuca(database);
    register(worker);
    env.start();
    Path counter = directory.resolve("attempts");
    Path archive = directory.resolve("provider.pgdump");
    // A provider's backup CLI stand-in: fails on the first two attempts, then dumps and answers.
    String script =
        "n=$(( $(cat \"$1\" 2>/dev/null || echo 0) + 1 )); echo $n > \"$1\";"
            + " if [ $n -lt 3 ]; then echo \"provider: try $n failed\" >&2; exit 1; fi;"
            + " pg_dump --format=custom --file=\"$2\" && echo '{\"id\": \"prov-'$n'\", \"location\": \"'$2'\"}'";
    BackupSpec spec =
        new BackupSpec(
            "command",
            directory.resolve("catalog").toString(),
            null,
            null,
            null,
            List.of(
                "/bin/sh", "-c", script, "provider-backup", counter.toString(), archive.toString()),
            new RetrySpec(3, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5)),
            null,
            null);

    WorkflowStub stub = run(client, options, spec);
    DeploymentStatus done = stub.getResult(DeploymentStatus.class);

    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(Files.readString(counter).strip()).isEqualTo("3");
    assertThat(Catalog.list(directory.resolve("catalog")))
        .extracting(Catalog.Entry::id)
        .containsExactly("prov-3");
    assertThat(done.backup().id()).isEqualTo("prov-3");
    assertThat(done.backup().restoreTested()).isTrue();
    assertThat(done.backup().sha256()).isEqualTo(ArchiveHasher.hashNow(archive).get(0).sha256());
    Manifest wayBack = Catalog.list(directory.resolve("catalog")).get(0).manifest();
    assertThat(wayBack.pin().reason())
        .isEqualTo("the way back of deployment " + stub.getExecution().getWorkflowId());
    assertThat(wayBack.restoreTestedAt()).isEqualTo(wayBack.verifiedAt());
  }

  @Test
  void aFailureThatCannotHealEndsTheRunAfterOneAttempt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Fixtures.menuca(database);
    register(worker);
    env.start();
    Path notADirectory = Files.writeString(directory.resolve("file"), "x");

    WorkflowStub stub = run(client, options, Backups.pgDump(notADirectory.resolve("backups")));
    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> stub.getResult(DeploymentStatus.class));

    DeploymentStatus last =
        ((ApplicationFailure) failed.getCause()).getDetails().get(DeploymentStatus.class);
    assertThat(last.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(last.reason())
        .startsWith(
            "step backup failed: the backup directory "
                + notADirectory.resolve("backups")
                + " is not writable");
    long backupAttempts =
        client.fetchHistory(stub.getExecution().getWorkflowId()).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
            .filter(e -> e.getActivityTaskStartedEventAttributes().getAttempt() > 1)
            .count();
    assertThat(backupAttempts).isZero();
  }

  private void register(Worker worker) {
    var connector = Backups.CONNECTOR;
    worker.registerActivitiesImplementations(
        new DatabaseActivitiesImpl(connector, Clock.systemUTC()),
        new BackupActivitiesImpl(Backups.engine(), Backups.verifier()),
        new NotificationActivitiesImpl(null));
  }

  private WorkflowStub run(WorkflowClient client, WorkflowOptions options, BackupSpec spec) {
    Plan plan =
        new Plan(
            "menuca",
            "test",
            database.target(),
            Map.of("santiago", new Approver(null)),
            List.of(
                new Step("baseline", new BaselineSpec(List.of("menuca_v3"), List.of(), true)),
                new Step("backup", spec),
                new Step("verify-backup", new VerifyBackupSpec(true, null, null, null))));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, "brian", "plan.yaml"));
    return WorkflowStub.fromTyped(workflow);
  }
}
