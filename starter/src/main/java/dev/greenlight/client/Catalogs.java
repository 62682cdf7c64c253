package dev.greenlight.client;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.PinRequest;
import dev.greenlight.workflows.activities.PinResult;
import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import dev.greenlight.workflows.catalog.BackupVerificationWorkflow;
import dev.greenlight.workflows.catalog.ListBackupsWorkflow;
import dev.greenlight.workflows.catalog.PinBackupWorkflow;
import dev.greenlight.workflows.catalog.PruneBackupsWorkflow;
import dev.greenlight.workflows.catalog.VerificationReport;
import dev.greenlight.workflows.catalog.VerificationRequest;
import dev.greenlight.workflows.catalog.VerifyArchiveWorkflow;
import dev.greenlight.workflows.format.Durations;
import io.grpc.Status;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The backup catalogs of the workers, through Temporal: each command is a short workflow (visible
 * in the UI and its history) whose one activity runs on the named host's queue, or on the shared
 * queue when no host is named. Failures come out as one-line {@link GreenlightException}s.
 */
public final class Catalogs {

  /** How long to wait for any worker to start the workflow before saying none is running. */
  static final Duration NO_WORKER = Duration.ofSeconds(10);

  private final WorkflowClient client;
  private final String askedBy;
  private final Duration noWorker;

  /**
   * @param askedBy who runs the command (the OS user), for the workflow's summary
   */
  public Catalogs(WorkflowClient client, String askedBy) {
    this(client, askedBy, NO_WORKER);
  }

  Catalogs(WorkflowClient client, String askedBy, Duration noWorker) {
    this.client = client;
    this.askedBy = askedBy;
    this.noWorker = noWorker;
  }

  public CatalogListing list(CatalogRequest request) {
    ListBackupsWorkflow workflow =
        stub(ListBackupsWorkflow.class, "list", request.host(), Duration.ofMinutes(10), "");
    return run(
        workflow,
        w -> WorkflowClient.start(w::list, request),
        CatalogListing.class,
        request.host(),
        null);
  }

  public ArchiveVerification verify(ArchiveRequest request) {
    VerifyArchiveWorkflow workflow =
        stub(
            VerifyArchiveWorkflow.class,
            "verify",
            request.host(),
            Duration.ofHours(8),
            " " + request.backupId());
    return run(
        workflow,
        w -> WorkflowClient.start(w::verify, request),
        ArchiveVerification.class,
        request.host(),
        request.backupId());
  }

  public PruneResult prune(PruneRequest request) {
    PruneBackupsWorkflow workflow =
        stub(
            PruneBackupsWorkflow.class,
            "prune",
            request.host(),
            Duration.ofHours(1),
            request.delete() ? " --yes" : " (dry run)");
    return run(
        workflow,
        w -> WorkflowClient.start(w::prune, request),
        PruneResult.class,
        request.host(),
        null);
  }

  /**
   * Restore-tests one backup now ({@code request.backupId()}), or one run of a scheduled
   * verification of the whole catalog, and waits for the report.
   */
  public VerificationReport restoreTest(VerificationRequest request) {
    BackupVerificationWorkflow workflow =
        stub(
            BackupVerificationWorkflow.class,
            "restore-test",
            request.host(),
            Duration.ofHours(13),
            request.backupId() == null ? "" : " " + request.backupId());
    return run(
        workflow,
        w -> WorkflowClient.start(w::verify, request),
        VerificationReport.class,
        request.host(),
        request.backupId());
  }

  /** Pins a backup with {@code request.reason()}, or unpins it when the reason is null. */
  public PinResult pin(PinRequest request) {
    PinBackupWorkflow workflow =
        stub(
            PinBackupWorkflow.class,
            request.reason() == null ? "unpin" : "pin",
            request.host(),
            Duration.ofMinutes(10),
            " " + request.backupId());
    return run(
        workflow,
        w -> WorkflowClient.start(w::pin, request),
        PinResult.class,
        request.host(),
        request.backupId());
  }

  private <W> W stub(Class<W> type, String command, String host, Duration limit, String detail) {
    String id =
        "backups-"
            + command
            + "-"
            + (host == null ? "any" : host)
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    return client.newWorkflowStub(
        type,
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(TaskQueues.SHARED)
            .setWorkflowRunTimeout(limit)
            .setStaticSummary(
                "greenlight backups "
                    + command
                    + detail
                    + (host == null ? " on any worker" : " on host " + host)
                    + ", asked by "
                    + askedBy)
            .build());
  }

  /** Starts the workflow and waits for its result, noticing when no worker picks it up. */
  private <W, R> R run(
      W workflow, Function<W, ?> start, Class<R> resultType, String host, String backupId) {
    try {
      start.apply(workflow);
      WorkflowStub stub = WorkflowStub.fromTyped(workflow);
      try {
        return stub.getResult(noWorker.toMillis(), TimeUnit.MILLISECONDS, resultType);
      } catch (TimeoutException e) {
        if (!started(stub)) {
          String waited = Durations.format(noWorker);
          stub.terminate("no worker picked it up within " + waited);
          throw new GreenlightException(
              ExitCode.UNREACHABLE,
              "no Greenlight worker answered on task queue "
                  + TaskQueues.SHARED
                  + " within "
                  + waited
                  + "; is 'greenlight worker' (or 'greenlight dev') running?");
        }
        return stub.getResult(resultType);
      }
    } catch (GreenlightException e) {
      throw e;
    } catch (WorkflowFailedException e) {
      throw failed(e, host, backupId);
    } catch (RuntimeException e) {
      Status.Code code = Deployments.grpcStatus(e);
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        throw new GreenlightException(
            ExitCode.UNREACHABLE,
            "Temporal did not answer (" + code + "); is the server running?",
            e);
      }
      throw new GreenlightException(
          ExitCode.INTERNAL, "Temporal call failed: " + e.getMessage(), e);
    }
  }

  private boolean started(WorkflowStub stub) {
    return client.fetchHistory(stub.getExecution().getWorkflowId()).getEvents().stream()
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  }

  /** The reason a catalog workflow failed, as the user's one line and exit code. */
  static GreenlightException failed(WorkflowFailedException e, String host, String backupId) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure app) {
        String message = app.getOriginalMessage();
        String type = app.getType() == null ? "" : app.getType();
        return switch (type) {
          case CatalogActivities.NOT_FOUND ->
              new GreenlightException(ExitCode.NOT_FOUND, message, e);
          case CatalogActivities.BAD_POLICY -> new GreenlightException(ExitCode.USAGE, message, e);
          case BackupVerificationWorkflow.CHECK_FAILED ->
              new GreenlightException(ExitCode.VERIFICATION_FAILED, message, e);
          case BackupActivities.VERIFICATION_FAILED ->
              new GreenlightException(
                  ExitCode.VERIFICATION_FAILED,
                  "backup " + backupId + " failed verification: " + message,
                  e);
          default -> new GreenlightException(ExitCode.FAILED, message, e);
        };
      }
      if (cause instanceof TimeoutFailure timeout
          && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        return new GreenlightException(
            ExitCode.UNREACHABLE,
            host == null
                ? "no worker took the catalog activity on task queue " + TaskQueues.SHARED
                : "no worker polls task queue "
                    + TaskQueues.host(host)
                    + "; is the worker on host "
                    + host
                    + " running (greenlight worker --host-name "
                    + host
                    + ")?",
            e);
      }
    }
    return new GreenlightException(
        ExitCode.FAILED, "the catalog workflow failed: " + e.getMessage(), e);
  }
}
