package dev.greenlight.client;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.catalog.BackupVerificationWorkflow;
import dev.greenlight.workflows.catalog.VerificationRequest;
import io.grpc.Status;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Scheduled backup verification: a Temporal Schedule that starts {@link BackupVerificationWorkflow}
 * every period on a real server, or, where the server has no Schedules (the dev and test servers),
 * the same workflow as a timer loop.
 */
public final class VerificationSchedules {

  /** Every schedule and loop id starts so. */
  public static final String PREFIX = "backup-verification-";

  /**
   * Runs missed while the server was down are made up within this window (one of them: overlapping
   * runs are skipped).
   */
  public static final Duration CATCHUP_WINDOW = Duration.ofDays(1);

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  public VerificationSchedules(WorkflowServiceStubs service, WorkflowClient client) {
    this.service = service;
    this.client = client;
  }

  /**
   * The id of the verification of {@code directory} on {@code host}: {@code
   * backup-verification-<host|any>[-<8 hex of the directory's SHA-256>]}.
   */
  public static String id(String host, String directory) {
    return PREFIX
        + (host == null ? "any" : host)
        + (directory == null ? "" : "-" + sha256(directory).substring(0, 8));
  }

  /**
   * The Schedule, as data: every {@code request.every()} from creation, start one run of the
   * verification on the shared queue; skip a run while the previous one still runs; make up a
   * missed run within {@link #CATCHUP_WINDOW}; a failed run does not pause it (the war room is told
   * of each failure).
   */
  public static Schedule schedule(String id, VerificationRequest request, String createdBy) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(BackupVerificationWorkflow.TYPE)
                .setArguments(request)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(TaskQueues.SHARED)
                        .setStaticSummary(summary(request, createdBy))
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(request.every())))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(CATCHUP_WINDOW)
                .setPauseOnFailure(false)
                .build())
        .setState(ScheduleState.newBuilder().setNote(summary(request, createdBy)).build())
        .build();
  }

  /** Creates the Schedule; returns its id. */
  public String create(VerificationRequest request, String createdBy) {
    String id = id(request.host(), request.directory());
    try {
      schedules()
          .createSchedule(
              id, schedule(id, request, createdBy), ScheduleOptions.newBuilder().build());
      return id;
    } catch (ScheduleAlreadyRunningException e) {
      throw new GreenlightException(
          ExitCode.CONFLICT,
          "schedule "
              + id
              + " already exists; delete it first with 'greenlight verify-schedule delete "
              + id
              + "'",
          e);
    } catch (RuntimeException e) {
      throw translate(e, id);
    }
  }

  /** One line per verification schedule: id, period and what it verifies. */
  public List<String> list() {
    try {
      return schedules()
          .listSchedules(100)
          .filter(s -> s.getScheduleId().startsWith(PREFIX))
          .map(VerificationSchedules::line)
          .toList();
    } catch (RuntimeException e) {
      throw translate(e, null);
    }
  }

  public void delete(String id) {
    try {
      schedules().getHandle(id).delete();
    } catch (RuntimeException e) {
      throw translate(e, id);
    }
  }

  /**
   * Starts the verification as a timer loop (sleep {@code every}, continue as new); returns its
   * workflow id. Stop it with {@code greenlight abort}-like termination: {@code verify-schedule
   * delete ID}.
   */
  public String startLoop(VerificationRequest request, String createdBy) {
    String id = id(request.host(), request.directory());
    BackupVerificationWorkflow workflow =
        client.newWorkflowStub(
            BackupVerificationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.SHARED)
                .setStaticSummary(summary(request, createdBy) + " (timer loop)")
                .build());
    try {
      WorkflowClient.start(workflow::verify, request);
      return id;
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new GreenlightException(
          ExitCode.CONFLICT,
          "the verification loop "
              + id
              + " is already running; stop it with 'greenlight verify-schedule delete "
              + id
              + "'",
          e);
    } catch (RuntimeException e) {
      throw translate(e, id);
    }
  }

  /** Stops a verification loop started by {@link #startLoop}. */
  public void stopLoop(String id) {
    try {
      client.newUntypedWorkflowStub(id).terminate("verify-schedule delete");
    } catch (RuntimeException e) {
      throw translate(e, id);
    }
  }

  private ScheduleClient schedules() {
    return ScheduleClient.newInstance(
        service,
        ScheduleClientOptions.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .build());
  }

  private static String summary(VerificationRequest request, String createdBy) {
    return "restore-test the backups in "
        + (request.directory() == null ? "the default catalog" : request.directory())
        + (request.host() == null ? " on any worker" : " on host " + request.host())
        + " every "
        + dev.greenlight.workflows.format.Durations.format(request.every())
        + (request.rto() == null
            ? ""
            : ", RTO " + dev.greenlight.workflows.format.Durations.format(request.rto()))
        + ", created by "
        + createdBy;
  }

  private static String line(ScheduleListDescription s) {
    String every =
        s.getSchedule().getSpec().getIntervals().stream()
            .map(i -> dev.greenlight.workflows.format.Durations.format(i.getEvery()))
            .findFirst()
            .orElse("-");
    String note = s.getSchedule().getState() == null ? "" : s.getSchedule().getState().getNote();
    return s.getScheduleId() + "  every " + every + "  " + (note == null ? "" : note);
  }

  /** A schedule call's failure as one line; UNIMPLEMENTED names the fallbacks. */
  static GreenlightException translate(RuntimeException e, String id) {
    Status.Code code = Deployments.grpcStatus(e);
    if (code == Status.Code.UNIMPLEMENTED) {
      return new GreenlightException(
          ExitCode.NO_SCHEDULES,
          "this Temporal server has no Schedules (UNIMPLEMENTED: the dev and test servers lack"
              + " them); run the same verification as a timer loop with 'greenlight"
              + " verify-schedule run --loop' (same options), or once by hand with 'greenlight"
              + " backups verify --restore-test ID'",
          e);
    }
    if (code == Status.Code.NOT_FOUND) {
      return new GreenlightException(ExitCode.NOT_FOUND, "no verification schedule " + id, e);
    }
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      return new GreenlightException(
          ExitCode.UNREACHABLE,
          "Temporal did not answer (" + code + "); is the server running?",
          e);
    }
    return new GreenlightException(ExitCode.INTERNAL, "Temporal call failed: " + e.getMessage(), e);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
