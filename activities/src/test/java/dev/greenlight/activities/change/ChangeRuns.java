package dev.greenlight.activities.change;

import dev.greenlight.activities.BackupActivitiesImpl;
import dev.greenlight.activities.CatalogActivitiesImpl;
import dev.greenlight.activities.ChangeActivitiesImpl;
import dev.greenlight.activities.DatabaseActivitiesImpl;
import dev.greenlight.activities.RestoreActivitiesImpl;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.WorkerHost;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.Restorer;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.DeploymentSearchAttributes;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.PostedMessage;
import dev.greenlight.workflows.activities.StatusMessage;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.plan.RollbackGate;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Deployments with a change, through the real workflow and the real activity implementations on the
 * real PostgreSQL (Temporal's test environment, time skipping), and a war room that remembers what
 * it was told.
 */
final class ChangeRuns {

  static final RetrySpec QUICK_RETRY =
      new RetrySpec(2, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1));

  private ChangeRuns() {}

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class)
            .setDoNotStart(true);
    DeploymentSearchAttributes.ALL.forEach(
        key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder.build();
  }

  /** The war room: every text it was told, in order. */
  static final class WarRoom implements NotificationActivities {

    final List<String> told = Collections.synchronizedList(new ArrayList<>());

    @Override
    public NotifyResult notify(Notification notification) {
      told.add(notification.text());
      return new NotifyResult("log", notification.text());
    }

    @Override
    public PostedMessage publishStatus(StatusMessage message) {
      return new PostedMessage("log", "1");
    }
  }

  /** Registers the real activities, with {@code change} (null: the real one) and {@code room}. */
  static void register(
      TestWorkflowEnvironment env, Worker worker, ChangeActivities change, WarRoom room) {
    var connector = Changes.CONNECTOR;
    Clock clock = Clock.systemUTC();
    PgTools tools = PgTools.fromEnvironment(System::getenv);
    WorkerHost host = new WorkerHost("test", Path.of("backups"));
    BackupActivitiesImpl backups =
        new BackupActivitiesImpl(
            new BackupEngine(tools, connector, clock), new Verifier(tools, connector, clock), host);
    worker.registerActivitiesImplementations(
        new DatabaseActivitiesImpl(connector, clock),
        backups,
        change != null ? change : new ChangeActivitiesImpl(connector, clock),
        room);
    // as a worker does: the archive's activities also on its host's queue, with the catalog's
    // and the restore's
    env.newWorker(TaskQueues.host(host.name()))
        .registerActivitiesImplementations(
            backups,
            new CatalogActivitiesImpl(host, new Verifier(tools, connector, clock), clock),
            new RestoreActivitiesImpl(
                host,
                new Restorer(tools, connector),
                new Verifier(tools, connector, clock),
                clock));
  }

  static ApplySpec migrations(RetrySpec retry, Duration lockTimeout, ChangeFile... files) {
    return new ApplySpec(
        "migrations",
        List.of(files),
        lockTimeout,
        ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
        ApplySpec.MIGRATIONS_HISTORY_TABLE,
        retry);
  }

  static Step baseline() {
    return new Step("baseline", new BaselineSpec(List.of("menuca_v3"), List.of(), true));
  }

  static WorkflowStub start(
      WorkflowClient client, WorkflowOptions options, TestDatabase database, Step... steps) {
    return start(client, options, database, null, steps);
  }

  /** A run of {@code steps} whose plan has the way back {@code rollback} (null: none). */
  static WorkflowStub start(
      WorkflowClient client,
      WorkflowOptions options,
      TestDatabase database,
      RollbackGate rollback,
      Step... steps) {
    Plan plan =
        new Plan(
            "menuca",
            "test",
            database.target(),
            Map.of("santiago", new Approver(null), "brian", new Approver(null)),
            List.of(steps),
            null,
            null,
            null,
            rollback);
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, "brian", "plan.yaml"));
    return WorkflowStub.fromTyped(workflow);
  }

  /** The final status, whether the run succeeded or failed. */
  static DeploymentStatus result(WorkflowStub stub) {
    try {
      return stub.getResult(DeploymentStatus.class);
    } catch (WorkflowFailedException failed) {
      return ((ApplicationFailure) failed.getCause()).getDetails().get(DeploymentStatus.class);
    }
  }

  static StepStatus step(DeploymentStatus status, String name) {
    return status.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
