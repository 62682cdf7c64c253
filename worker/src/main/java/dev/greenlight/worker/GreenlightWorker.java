package dev.greenlight.worker;

import dev.greenlight.activities.ActivityRetryInterceptor;
import dev.greenlight.activities.BackupActivitiesImpl;
import dev.greenlight.activities.ChangeActivitiesImpl;
import dev.greenlight.activities.DatabaseActivitiesImpl;
import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.NotificationActivitiesImpl;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.activities.slack.SlackWarRoom;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Registers the deployment workflow and its activities on the Greenlight task queue. */
public final class GreenlightWorker implements AutoCloseable {

  private final WorkerFactory factory;

  private GreenlightWorker(WorkerFactory factory) {
    this.factory = factory;
  }

  /**
   * Starts polling.
   *
   * @param sticky false turns sticky execution off: every workflow task replays from history on any
   *     worker. The dev server needs this for a restarted worker to pick up open deployments.
   * @param environment where activities read the secrets a plan names ({@code System::getenv})
   */
  public static GreenlightWorker start(
      WorkflowClient client, boolean sticky, UnaryOperator<String> environment) {
    WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions());
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (!sticky) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    Worker worker = factory.newWorker(DeploymentWorkflow.TASK_QUEUE, options.build());
    worker.registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class);
    DatabaseConnector connector = new DatabaseConnector(environment);
    PgTools tools = PgTools.fromEnvironment(environment);
    Clock clock = Clock.systemUTC();
    worker.registerActivitiesImplementations(
        new DatabaseActivitiesImpl(connector, clock),
        new BackupActivitiesImpl(
            new BackupEngine(tools, connector, clock), new Verifier(tools, connector, clock)),
        new ChangeActivitiesImpl(connector, clock),
        new NotificationActivitiesImpl(SlackWarRoom.fromEnvironment(environment)),
        new PromotionActivitiesImpl(client, clock));
    factory.start();
    return new GreenlightWorker(factory);
  }

  /** Every worker's interceptors: retried activity attempts are counted here, not by activities. */
  static WorkerFactoryOptions factoryOptions() {
    return WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new ActivityRetryInterceptor())
        .build();
  }

  public void awaitTermination() throws InterruptedException {
    while (!factory.isTerminated()) {
      factory.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
    }
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
