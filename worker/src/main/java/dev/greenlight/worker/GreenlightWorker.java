package dev.greenlight.worker;

import dev.greenlight.activities.ActivityRetryInterceptor;
import dev.greenlight.activities.BackupActivitiesImpl;
import dev.greenlight.activities.CatalogActivitiesImpl;
import dev.greenlight.activities.ChangeActivitiesImpl;
import dev.greenlight.activities.DatabaseActivitiesImpl;
import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.NotificationActivitiesImpl;
import dev.greenlight.activities.RestoreActivitiesImpl;
import dev.greenlight.activities.VerificationActivitiesImpl;
import dev.greenlight.activities.WorkerHost;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.BackupKeys;
import dev.greenlight.activities.backup.OffsiteCopier;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.Restorer;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.activities.slack.SlackWarRoom;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.catalog.BackupVerificationWorkflowImpl;
import dev.greenlight.workflows.catalog.ListBackupsWorkflowImpl;
import dev.greenlight.workflows.catalog.PinBackupWorkflowImpl;
import dev.greenlight.workflows.catalog.PruneBackupsWorkflowImpl;
import dev.greenlight.workflows.catalog.VerifyArchiveWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Registers Greenlight's workflows and activities: everything on the shared task queue, and the
 * activities that read or write backup archives also on this host's queue (see {@link TaskQueues}),
 * where only this worker polls.
 */
public final class GreenlightWorker implements AutoCloseable {

  private final WorkerFactory factory;
  private final WorkerHost host;

  private GreenlightWorker(WorkerFactory factory, WorkerHost host) {
    this.factory = factory;
    this.host = host;
  }

  /** As {@link #start(WorkflowClient, boolean, UnaryOperator, String)} with no host name given. */
  public static GreenlightWorker start(
      WorkflowClient client, boolean sticky, UnaryOperator<String> environment) {
    return start(client, sticky, environment, null);
  }

  /**
   * Starts polling.
   *
   * @param sticky false turns sticky execution off: every workflow task replays from history on any
   *     worker. The dev server needs this for a restarted worker to pick up open deployments.
   * @param environment where activities read the secrets a plan names ({@code System::getenv})
   * @param hostName this worker's host name ({@code --host-name}); null: {@code $GREENLIGHT_HOST},
   *     else the machine's name. Its default backup catalog is {@code $GREENLIGHT_BACKUP_DIR}, else
   *     {@code ./backups}.
   * @throws ConfigurationException when the host name is not usable as one
   */
  public static GreenlightWorker start(
      WorkflowClient client, boolean sticky, UnaryOperator<String> environment, String hostName) {
    return start(client, sticky, environment, hostName, directory -> {});
  }

  /**
   * As {@link #start(WorkflowClient, boolean, UnaryOperator, String)}, telling {@code catalogSeen}
   * every catalog directory a scheduled verification reads (the freshness gauges watch them).
   */
  public static GreenlightWorker start(
      WorkflowClient client,
      boolean sticky,
      UnaryOperator<String> environment,
      String hostName,
      Consumer<Path> catalogSeen) {
    WorkerHost host;
    try {
      host = WorkerHost.resolve(hostName, environment);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions());
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (!sticky) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    DatabaseConnector connector = new DatabaseConnector(environment);
    PgTools tools = PgTools.fromEnvironment(environment);
    Clock clock = Clock.systemUTC();
    BackupKeys keys = new BackupKeys(environment);
    Verifier verifier = new Verifier(tools, connector, clock, keys);
    OffsiteCopier offsite = OffsiteCopier.standard(clock);
    BackupActivitiesImpl backups =
        new BackupActivitiesImpl(
            new BackupEngine(tools, connector, clock, keys, offsite), verifier, host);
    CatalogActivitiesImpl catalog = new CatalogActivitiesImpl(host, verifier, clock);
    RestoreActivitiesImpl restores =
        new RestoreActivitiesImpl(host, new Restorer(tools, connector, keys), verifier, clock);
    VerificationActivitiesImpl verifications =
        new VerificationActivitiesImpl(host, verifier, offsite, catalogSeen);

    Worker shared = factory.newWorker(TaskQueues.SHARED, options.build());
    shared.registerWorkflowImplementationTypes(
        DeploymentWorkflowImpl.class,
        ListBackupsWorkflowImpl.class,
        VerifyArchiveWorkflowImpl.class,
        PruneBackupsWorkflowImpl.class,
        PinBackupWorkflowImpl.class,
        BackupVerificationWorkflowImpl.class);
    shared.registerActivitiesImplementations(
        new DatabaseActivitiesImpl(connector, clock),
        backups,
        catalog,
        restores,
        verifications,
        new ChangeActivitiesImpl(connector, clock),
        new NotificationActivitiesImpl(SlackWarRoom.fromEnvironment(environment)),
        new PromotionActivitiesImpl(client, clock));

    Worker onThisHost = factory.newWorker(host.taskQueue(), options.build());
    onThisHost.registerActivitiesImplementations(backups, catalog, restores, verifications);

    factory.start();
    return new GreenlightWorker(factory, host);
  }

  /** The host this worker serves. */
  public String hostName() {
    return host.name();
  }

  /** This worker's default backup catalog (an absolute path). */
  public Path catalog() {
    return host.catalog();
  }

  /** One line for start-up messages: the queues polled and the default catalog. */
  public String describe() {
    return "polling task queues "
        + TaskQueues.SHARED
        + " and "
        + host.taskQueue()
        + " (host "
        + host.name()
        + ", backups in "
        + host.catalog()
        + ")";
  }

  /** Every worker's interceptors: retried activity attempts are counted here, not by activities. */
  static WorkerFactoryOptions factoryOptions() {
    return WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new ActivityRetryInterceptor())
        .build();
  }

  public void awaitTermination() throws InterruptedException {
    while (!factory.isTerminated()) {
      factory.awaitTermination(1, TimeUnit.HOURS);
    }
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
