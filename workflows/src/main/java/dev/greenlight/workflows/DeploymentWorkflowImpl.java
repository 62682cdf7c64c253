package dev.greenlight.workflows;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.BackupResult;
import dev.greenlight.workflows.activities.BaselineRequest;
import dev.greenlight.workflows.activities.BaselineResult;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.NotifyResult;
import dev.greenlight.workflows.activities.PreflightRequest;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.StepKind;
import dev.greenlight.workflows.status.AbortRecord;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.VerifiedBackup;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** Runs a plan's steps in order; see {@link DeploymentWorkflow}. */
public class DeploymentWorkflowImpl implements DeploymentWorkflow {

  /** Failure types the workflow ends with; the state they map to is in {@link #stateOf}. */
  public static final String GATE_REJECTED = "GateRejected";

  public static final String GATE_EXPIRED = "GateExpired";
  public static final String STEP_FAILED = "StepFailed";

  private static final Logger log = Workflow.getLogger(DeploymentWorkflowImpl.class);

  private final StartDeployment start;
  private final Plan plan;
  private final List<StepRun> steps = new ArrayList<>();
  private final Map<String, Gate> gates = new LinkedHashMap<>();
  private final Instant startedAt;
  private DeploymentState state = DeploymentState.RUNNING;
  private StepRun current;
  private Instant finishedAt;
  private String reason;
  private AbortRequest abortRequest;
  private AbortRecord abort;
  private BaselineResult lastBaseline;
  private StepRun lastBackup;
  private VerifiedBackup verifiedBackup;
  private Integer progressVersion;
  private final WarRoom warRoom;
  private List<Object> published = List.of();

  @WorkflowInit
  public DeploymentWorkflowImpl(StartDeployment start) {
    this.start = start;
    this.plan = start.plan();
    this.startedAt = now();
    for (Step step : plan.steps()) {
      Gate gate = null;
      if (step.gate() != null) {
        gate = new Gate(step.name(), step.gate(), start.startedBy());
        gates.put(step.name(), gate);
      }
      steps.add(new StepRun(step, gate));
    }
    this.warRoom = new WarRoom(plan, this::status);
  }

  @Override
  public DeploymentStatus run(StartDeployment ignored) {
    Workflow.getMetricsScope().counter("greenlight_deployments_started").inc(1);
    warRoom.start();
    publish();
    announce(
        "Deployment of "
            + plan.release()
            + " to "
            + plan.environment()
            + " started by "
            + start.startedBy()
            + ".");
    try {
      for (StepRun step : steps) {
        current = step;
        execute(step);
      }
      current = null;
      state = DeploymentState.SUCCEEDED;
      finishedAt = now();
      publish();
      countFinished();
      announce("Deployment of " + plan.release() + " to " + plan.environment() + " SUCCEEDED.");
      warRoom.flush();
      Workflow.await(Workflow::isEveryHandlerFinished);
      return status();
    } catch (CanceledFailure canceled) {
      stopAborted(canceled);
      throw canceled;
    } catch (ApplicationFailure failure) {
      DeploymentStatus last = stop(stateOf(failure.getType()), failure.getOriginalMessage());
      throw ApplicationFailure.newNonRetryableFailure(reason, failure.getType(), last);
    }
  }

  @Override
  public void validateApprove(Approval approval) {
    gateFor(approval.gate()).checkApproval(approval.approver());
  }

  @Override
  public GateOutcome approve(Approval approval) {
    Gate gate = gateFor(approval.gate());
    GateOutcome outcome =
        gate.approve(
            new Decision(
                approval.approver(), approval.via(), approval.userId(), now(), approval.comment()));
    publish();
    if (warRoom.isAsync()) {
      announce(
          "Gate "
              + gate.name()
              + " approved by "
              + approval.approver()
              + " via "
              + approval.via()
              + " ("
              + outcome.approvals()
              + " of "
              + outcome.required()
              + ")"
              + (approval.comment() == null || approval.comment().isBlank()
                  ? "."
                  : ": " + approval.comment()));
    }
    log.info(
        "{} approved gate {} ({} of {})",
        approval.approver(),
        gate.name(),
        outcome.approvals(),
        outcome.required());
    return outcome;
  }

  @Override
  public void validateReject(Rejection rejection) {
    gateFor(rejection.gate()).checkRejection(rejection.approver(), rejection.reason());
  }

  @Override
  public GateOutcome reject(Rejection rejection) {
    Gate gate = gateFor(rejection.gate());
    log.info("{} rejected gate {}: {}", rejection.approver(), gate.name(), rejection.reason());
    GateOutcome outcome =
        gate.reject(
            new Decision(
                rejection.approver(),
                rejection.via(),
                rejection.userId(),
                now(),
                rejection.reason()));
    publish();
    if (warRoom.isAsync()) {
      announce(
          "Gate "
              + gate.name()
              + " rejected by "
              + rejection.approver()
              + " via "
              + rejection.via()
              + ": "
              + rejection.reason());
    }
    return outcome;
  }

  @Override
  public void recordAbort(AbortRequest request) {
    if (!state.isFinal() && abortRequest == null) {
      abortRequest = request;
    }
  }

  @Override
  public DeploymentStatus status() {
    return new DeploymentStatus(
        Workflow.getInfo().getWorkflowId(),
        plan.release(),
        plan.environment(),
        plan.database().expectDatabase(),
        state,
        start.startedBy(),
        startedAt,
        finishedAt,
        current == null ? null : current.name(),
        reason,
        abort,
        warRoom.failed(),
        verifiedBackup,
        plan.approvers(),
        steps.stream().map(StepRun::status).toList());
  }

  private void execute(StepRun run) {
    Step step = run.step;
    if (step.kind() == StepKind.GATE) {
      awaitGate(run);
      return;
    }
    run.begin(StepState.RUNNING, now());
    publish();
    try {
      switch (step.kind()) {
        case PREFLIGHT ->
            run.preflight =
                database(step, preflightOptions())
                    .preflight(new PreflightRequest(plan.database(), step.preflight()));
        case BASELINE -> {
          run.baseline =
              database(step, baselineOptions())
                  .baseline(new BaselineRequest(plan.database(), step.baseline()));
          lastBaseline = run.baseline;
        }
        case BACKUP -> {
          run.backup = takeBackup(run, 0);
          lastBackup = run;
        }
        case VERIFY_BACKUP -> verifyBackup(run);
        case NOTIFY -> {
          run.notification = announce(fill(step.message()));
          if (run.notification == null) {
            run.error = "not delivered";
          }
        }
        case GATE -> throw new IllegalStateException("gates are awaited, not executed");
      }
      run.end(StepState.SUCCEEDED, now());
      publish();
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure canceled) {
        throw canceled;
      }
      run.error = Failures.describe(failure.getCause());
      run.end(StepState.FAILED, now());
      throw ApplicationFailure.newNonRetryableFailure(
          "step " + step.name() + " failed: " + run.error, STEP_FAILED);
    }
  }

  private void awaitGate(StepRun run) {
    Gate gate = run.gate;
    gate.open(now());
    run.begin(StepState.WAITING_FOR_APPROVAL, now());
    state = DeploymentState.WAITING_FOR_APPROVAL;
    publish();
    log.info("gate {} open, awaiting {}", gate.name(), gate.awaiting());
    boolean decided =
        gate.spec().remind() == null && gate.spec().escalateAfter() == null
            ? Workflow.await(gate.spec().timeout(), () -> !gate.isOpen())
            : awaitWithReminders(gate);
    state = DeploymentState.RUNNING;
    Workflow.getMetricsScope()
        .tagged(Map.of("outcome", decided ? gate.state().name() : "EXPIRED"))
        .timer("greenlight_gate_wait")
        .record(
            com.uber.m3.util.Duration.ofMillis(
                Workflow.currentTimeMillis() - run.startedAt.toEpochMilli()));
    if (!decided) {
      gate.expire();
      run.end(StepState.FAILED, now());
      run.error =
          "expired after "
              + Durations.format(gate.spec().timeout())
              + " with "
              + gate.outcome().approvals()
              + " of "
              + gate.spec().required()
              + " approvals";
      throw ApplicationFailure.newNonRetryableFailure(
          "gate " + gate.name() + " " + run.error, GATE_EXPIRED);
    }
    if (gate.state() == GateState.REJECTED) {
      Decision rejection = gate.rejection();
      run.end(StepState.FAILED, now());
      run.error = "rejected by " + rejection.approver() + ": " + rejection.comment();
      throw ApplicationFailure.newNonRetryableFailure(
          "gate " + gate.name() + " " + run.error, GATE_REJECTED);
    }
    run.end(StepState.SUCCEEDED, now());
    publish();
  }

  /**
   * Waits for the gate's decision like {@code Workflow.await(timeout, decided)}, waking to remind
   * the approvers still awaited every {@code remind}, and once after {@code escalateAfter} to add
   * the {@code escalateTo} people. Returns false when the gate expired.
   */
  private boolean awaitWithReminders(Gate gate) {
    GateSpec spec = gate.spec();
    long opened = Workflow.currentTimeMillis();
    long deadline = opened + spec.timeout().toMillis();
    long nextReminder = spec.remind() == null ? Long.MAX_VALUE : opened + spec.remind().toMillis();
    long escalation =
        spec.escalateAfter() == null ? Long.MAX_VALUE : opened + spec.escalateAfter().toMillis();
    while (true) {
      long now = Workflow.currentTimeMillis();
      long wake = Math.min(deadline, Math.min(nextReminder, escalation));
      if (Workflow.await(Duration.ofMillis(Math.max(0, wake - now)), () -> !gate.isOpen())) {
        return true;
      }
      now = Workflow.currentTimeMillis();
      if (now >= deadline) {
        return false;
      }
      if (now >= escalation) {
        escalation = Long.MAX_VALUE;
        List<String> added = gate.addApprovers(spec.escalateTo());
        publish();
        announce(
            "Gate "
                + gate.name()
                + " has waited "
                + Durations.format(spec.escalateAfter())
                + ": "
                + warRoom.mentions(added)
                + (added.size() == 1 ? " is" : " are")
                + " now "
                + (added.size() == 1 ? "an approver" : "approvers")
                + " of it.");
      }
      if (now >= nextReminder) {
        nextReminder += spec.remind().toMillis();
        announce(
            "Reminder: gate "
                + gate.name()
                + " is waiting for "
                + warRoom.mentions(gate.awaiting())
                + ".");
      }
    }
  }

  /**
   * Takes the backup of a {@code backup} step. The idempotency key (run, step, try) makes a retried
   * activity return the backup it already completed instead of taking a second one.
   */
  private BackupResult takeBackup(StepRun run, int attempt) {
    BackupSpec spec = run.step.backup();
    String key =
        Workflow.getInfo().getWorkflowId()
            + "/"
            + Workflow.getInfo().getRunId()
            + "/"
            + run.name()
            + "/"
            + attempt;
    BackupResult backup =
        Workflow.newActivityStub(
                BackupActivities.class,
                backupOptions(spec.retry())
                    .setSummary(run.name() + (attempt > 0 ? " (again)" : ""))
                    .build())
            .backup(
                new BackupRequest(
                    key,
                    plan.environment() + "-pre-" + plan.release(),
                    plan.database(),
                    spec,
                    lastBaseline));
    announce(
        "Backup "
            + backup.id()
            + " complete: "
            + backup.bytes()
            + " bytes"
            + (backup.sha256() == null ? "" : ", sha256 " + backup.sha256())
            + (backup.location() == null ? "" : ", at " + backup.location())
            + ".");
    return backup;
  }

  /**
   * Verifies the last backup. If it fails verification, takes one more backup and verifies that
   * (the runbook's "retry once"); if that fails too, the step fails with both reasons.
   */
  private void verifyBackup(StepRun run) {
    BackupActivities verifier =
        Workflow.newActivityStub(
            BackupActivities.class, verifyOptions().setSummary(run.name()).build());
    try {
      run.verification = verifier.verify(verifyRequest(run));
    } catch (ActivityFailure failure) {
      if (!isVerificationFailure(failure)) {
        throw failure;
      }
      String first = Failures.describe(failure.getCause());
      announce(
          "Backup "
              + lastBackup.backup.id()
              + " failed verification: "
              + first
              + ". Taking one more backup.");
      lastBackup.backup = takeBackup(lastBackup, 1);
      try {
        run.verification = verifier.verify(verifyRequest(run));
      } catch (ActivityFailure again) {
        if (!isVerificationFailure(again)) {
          throw again;
        }
        run.error =
            "the backup failed verification twice: "
                + first
                + "; then: "
                + Failures.describe(again.getCause());
        throw ApplicationFailure.newNonRetryableFailure(
            "step " + run.name() + " failed: " + run.error, STEP_FAILED);
      }
      run.error = "the first backup failed verification (" + first + "); the second passed";
    }
    BackupResult backup = lastBackup.backup;
    run.backup = backup;
    verifiedBackup =
        new VerifiedBackup(
            backup.id(),
            backup.location(),
            backup.bytes(),
            backup.sha256(),
            run.verification.restoreTested(),
            run.verification.verifiedAt());
  }

  private VerifyRequest verifyRequest(StepRun run) {
    return new VerifyRequest(
        lastBackup.backup, run.step.verifyBackup(), plan.database(), lastBaseline);
  }

  private static boolean isVerificationFailure(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        && BackupActivities.VERIFICATION_FAILED.equals(app.getType());
  }

  /**
   * Fills {@code {backup.id}}, {@code {backup.location}}, {@code {backup.bytes}}, {@code
   * {backup.sha256}}.
   */
  private String fill(String text) {
    BackupResult backup = lastBackup == null ? null : lastBackup.backup;
    if (backup == null) {
      return text;
    }
    return text.replace("{backup.id}", backup.id())
        .replace("{backup.location}", String.valueOf(backup.location()))
        .replace("{backup.bytes}", Long.toString(backup.bytes()))
        .replace("{backup.sha256}", String.valueOf(backup.sha256()));
  }

  /** Metrics are replay-safe: the SDK does not report them again when a history is replayed. */
  private void countFinished() {
    Workflow.getMetricsScope()
        .tagged(Map.of("state", state.name()))
        .counter("greenlight_deployments_finished")
        .inc(1);
  }

  /**
   * Shows where the deployment stands in the Temporal UI: current details (Markdown, every time)
   * and the search attributes (when they changed). Deployments started before version 1 of this
   * change carry no search attributes and keep it that way when they replay.
   */
  private void publish() {
    warRoom.statusChanged();
    DeploymentStatus status = status();
    Workflow.setCurrentDetails(ProgressMarkdown.render(status));
    if (progressVersion == null) {
      progressVersion = Workflow.getVersion("ui-progress", Workflow.DEFAULT_VERSION, 1);
    }
    if (progressVersion < 1) {
      return;
    }
    List<String> awaiting =
        current != null && current.gate != null && current.gate.isOpen()
            ? current.gate.awaiting()
            : List.of();
    String step = status.currentStep() == null ? "" : status.currentStep();
    List<Object> values = List.of(state.name(), step, awaiting);
    if (values.equals(published)) {
      return;
    }
    published = values;
    Workflow.upsertTypedSearchAttributes(
        DeploymentSearchAttributes.RELEASE.valueSet(plan.release()),
        DeploymentSearchAttributes.ENVIRONMENT.valueSet(plan.environment()),
        DeploymentSearchAttributes.STARTED_BY.valueSet(start.startedBy()),
        DeploymentSearchAttributes.STATE.valueSet(state.name()),
        DeploymentSearchAttributes.STEP.valueSet(step),
        DeploymentSearchAttributes.AWAITING.valueSet(awaiting));
  }

  /** Ends the run after a rejected or expired gate or a failed step; tells the war room. */
  private DeploymentStatus stop(DeploymentState endState, String why) {
    state = endState;
    reason = why;
    finishedAt = now();
    skipRemaining(StepState.FAILED);
    publish();
    countFinished();
    announce("Deployment " + endState + ": " + why);
    warRoom.flush();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  /** Cleanup after cancellation: record who aborted, close what was open, tell the war room. */
  private void stopAborted(CanceledFailure canceled) {
    String by = abortRequest == null ? "unknown" : abortRequest.by();
    String via = abortRequest == null ? "temporal" : abortRequest.via();
    String why =
        abortRequest != null
            ? abortRequest.reason()
            : String.valueOf(canceled.getOriginalMessage());
    abort = new AbortRecord(by, via, why, now());
    state = DeploymentState.ABORTED;
    reason = "aborted by " + by + ": " + why;
    finishedAt = now();
    gates.values().forEach(Gate::close);
    skipRemaining(StepState.ABORTED);
    Workflow.newDetachedCancellationScope(
            () -> {
              publish();
              countFinished();
              announce("Deployment ABORTED: " + reason);
              warRoom.flush();
              Workflow.await(Workflow::isEveryHandlerFinished);
            })
        .run();
  }

  private void skipRemaining(StepState activeEndState) {
    for (StepRun run : steps) {
      if (run.isActive()) {
        run.end(activeEndState, finishedAt);
      } else if (run.state == StepState.PENDING) {
        run.state = StepState.SKIPPED;
      }
    }
  }

  /** Tells the war room; a failure to deliver is counted, never fatal. */
  private NotifyResult announce(String text) {
    return warRoom.tell(text);
  }

  private Gate gateFor(String name) {
    if (state.isFinal()) {
      throw new IllegalArgumentException(
          "deployment "
              + Workflow.getInfo().getWorkflowId()
              + " has already ended ("
              + state
              + ")");
    }
    if (name == null || name.isBlank()) {
      List<Gate> open = gates.values().stream().filter(Gate::isOpen).toList();
      if (open.size() == 1) {
        return open.get(0);
      }
      throw new IllegalArgumentException(
          open.isEmpty() ? "no gate is open right now" : "more than one gate is open: name one");
    }
    Gate gate = gates.get(name);
    if (gate == null) {
      throw new IllegalArgumentException(
          "no gate named '"
              + name
              + "' in this deployment (gates: "
              + String.join(", ", gates.keySet())
              + ")");
    }
    return gate;
  }

  private static DatabaseActivities database(Step step, ActivityOptions.Builder options) {
    return Workflow.newActivityStub(
        DatabaseActivities.class, options.setSummary(step.name()).build());
  }

  /** Retries of read-only checks: a database that is restarting or busy gets a few seconds. */
  private static final RetrySpec CHECK_RETRY =
      new RetrySpec(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1));

  /** The backup step's retries when the plan sets none. */
  private static final RetrySpec BACKUP_RETRY =
      new RetrySpec(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5));

  private static ActivityOptions.Builder preflightOptions() {
    return options(Duration.ofMinutes(2), null, CHECK_RETRY);
  }

  private static ActivityOptions.Builder baselineOptions() {
    return options(Duration.ofHours(2), Duration.ofMinutes(1), CHECK_RETRY);
  }

  private static ActivityOptions.Builder backupOptions(RetrySpec retry) {
    return options(
        Duration.ofHours(6), Duration.ofMinutes(2), retry != null ? retry : BACKUP_RETRY);
  }

  private static ActivityOptions.Builder verifyOptions() {
    return options(Duration.ofHours(6), Duration.ofMinutes(2), CHECK_RETRY);
  }

  /** Options of a step's activity; long steps heartbeat, so a dead worker is noticed quickly. */
  private static ActivityOptions.Builder options(
      Duration startToClose, Duration heartbeat, RetrySpec retry) {
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(startToClose)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(retry.attempts())
                    .setInitialInterval(retry.initialInterval())
                    .setBackoffCoefficient(retry.backoff())
                    .setMaximumInterval(retry.maxInterval())
                    .build());
    return heartbeat == null ? options : options.setHeartbeatTimeout(heartbeat);
  }

  static DeploymentState stateOf(String failureType) {
    return GATE_REJECTED.equals(failureType) || GATE_EXPIRED.equals(failureType)
        ? DeploymentState.ABORTED
        : DeploymentState.FAILED;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
