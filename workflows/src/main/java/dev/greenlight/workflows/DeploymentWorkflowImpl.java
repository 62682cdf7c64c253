package dev.greenlight.workflows;

import dev.greenlight.workflows.activities.PromotionActivities;
import dev.greenlight.workflows.activities.PromotionRequest;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RollbackGate;
import dev.greenlight.workflows.plan.RollbackSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.proof.PlanDigest;
import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.Signers;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.proof.Statement;
import dev.greenlight.workflows.status.AbortRecord;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.VerifiedBackup;
import dev.greenlight.workflows.steps.Failures;
import dev.greenlight.workflows.steps.Gate;
import dev.greenlight.workflows.steps.RunContext;
import dev.greenlight.workflows.steps.StepFailures;
import dev.greenlight.workflows.steps.StepRun;
import dev.greenlight.workflows.steps.StepRunner;
import dev.greenlight.workflows.steps.StepRunners;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs a plan's steps in order, each by its kind's runner; see {@link DeploymentWorkflow}. This
 * class holds the run's record and its handlers; what a step does lives in {@code steps}.
 */
public class DeploymentWorkflowImpl implements DeploymentWorkflow, RunContext.Surface {

  private static final Logger log = Workflow.getLogger(DeploymentWorkflowImpl.class);

  private final StartDeployment start;
  private final Plan plan;
  private final List<StepRun> steps = new ArrayList<>();
  private final Map<String, Gate> gates = new LinkedHashMap<>();
  private final Instant startedAt;
  private final WarRoom warRoom;
  private final Progress progress;
  private final RunContext context;
  private DeploymentState state = DeploymentState.RUNNING;
  private StepRun current;
  private Instant finishedAt;
  private String reason;
  private AbortRequest abortRequest;
  private AbortRecord abort;
  private boolean progressPerTask;
  private String startSigner;
  private final Set<String> nonces = new HashSet<>();

  /** How far a signed start's time may be from the run's start: a start is not replayed later. */
  static final Duration START_SKEW = Duration.ofMinutes(10);

  /** The change id under which a failed change opens the plan's rollback gate. */
  static final String ROLLBACK_GATE = "rollback-gate";

  /** The failure type of a run whose start was not signed as the plan requires. */
  public static final String START_REFUSED = "StartRefused";

  @WorkflowInit
  public DeploymentWorkflowImpl(StartDeployment start) {
    this.start = start;
    this.plan = start.plan();
    this.startedAt = now();
    for (Step step : plan.steps()) {
      StepRun run = new StepRun(step, start.startedBy());
      if (run.gate() != null) {
        gates.put(step.name(), run.gate());
      }
      steps.add(run);
    }
    this.warRoom = new WarRoom(plan, this::status);
    this.progress = new Progress(plan, start.startedBy());
    this.context = new RunContext(plan, start.startedBy(), start.planDigest(), this);
  }

  @Override
  public DeploymentStatus run(StartDeployment ignored) {
    Workflow.getMetricsScope().counter("greenlight_deployments_started").inc(1);
    checkStart();
    // Version 1: progress is shown once per workflow task (by the war room's thread), not at every
    // change; and the end of the run sets no flush timer when nothing is left to send.
    progressPerTask =
        warRoom.isAsync()
            && Workflow.getVersion("progress-per-task", Workflow.DEFAULT_VERSION, 1) >= 1;
    if (progressPerTask) {
      warRoom.showProgressWith(this::showProgress);
    }
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
      checkPromotion();
      int planned = steps.size();
      for (int i = 0; i < planned; i++) {
        StepRun step = steps.get(i);
        current = step;
        try {
          execute(step, step.step().spec());
        } catch (ApplicationFailure failure) {
          StepRun rollback = rollbackFor(step, failure);
          if (rollback == null) {
            throw failure;
          }
          current = rollback;
          execute(rollback, rollback.step().spec());
          break;
        }
      }
      current = null;
      return finish();
    } catch (CanceledFailure canceled) {
      stopAborted(canceled);
      throw canceled;
    } catch (ApplicationFailure failure) {
      DeploymentStatus last =
          stop(StepFailures.stateOf(failure.getType()), failure.getOriginalMessage());
      throw ApplicationFailure.newNonRetryableFailure(reason, failure.getType(), last);
    }
  }

  /**
   * A signed start (or a plan that requires one) is checked once, its outcome recorded in history
   * as a side effect so that a later worker replays it as it was: the release lead's signature over
   * this deployment and the plan's digest, which must be the digest of the plan given. Unsigned
   * runs of plans without keys record nothing.
   */
  private void checkStart() {
    if (start.proof() == null && !plan.signaturesRequired()) {
      return;
    }
    String outcome = Workflow.sideEffect(String.class, this::verifyStart);
    if (outcome.startsWith("refused: ")) {
      String why = outcome.substring("refused: ".length());
      state = DeploymentState.FAILED;
      reason = "the start was refused: " + why;
      finishedAt = now();
      steps.forEach(step -> step.stop(StepState.FAILED, finishedAt));
      throw ApplicationFailure.newNonRetryableFailure(reason, START_REFUSED, status());
    }
    startSigner = outcome.isEmpty() ? null : outcome;
  }

  /**
   * A plan that {@code requires} an earlier deployment elsewhere is checked by the worker too (an
   * activity that asks Temporal's visibility), whichever client started it; a run that does not
   * qualify ends FAILED before its first step.
   */
  private void checkPromotion() {
    if (plan.requires() == null
        || Workflow.getVersion("promotion-check", Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    PromotionActivities promotions =
        Workflow.newActivityStub(
            PromotionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setSummary("promotion: " + plan.requires().environment())
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(5)
                        .setDoNotRetry(PromotionActivities.NOT_MET)
                        .build())
                .build());
    try {
      promotions.qualify(new PromotionRequest(plan));
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure canceled) {
        throw canceled;
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "the start was refused: " + Failures.describe(failure.getCause()), START_REFUSED);
    }
  }

  /** The start's signer fingerprint, "" when unsigned and accepted, or "refused: why". */
  private String verifyStart() {
    try {
      if (plan.signaturesRequired() && plan.keyOf(start.startedBy()) == null) {
        return "refused: "
            + start.startedBy()
            + " has no key in the plan, and the plan requires signed decisions";
      }
      if (start.proof() != null) {
        String digest = PlanDigest.of(plan);
        if (!digest.equals(start.planDigest())) {
          return "refused: the plan given is not the plan signed (digest "
              + digest
              + ", signed "
              + start.planDigest()
              + ")";
        }
      }
      Signers.Verified verified =
          Signers.check(
              plan,
              new Signers.Expected(
                  Workflow.getInfo().getWorkflowId(),
                  null,
                  Statement.START,
                  null,
                  start.planDigest(),
                  start.promotedFrom()),
              start.startedBy(),
              false,
              null,
              start.proof());
      if (verified == null) {
        return "";
      }
      Duration skew = Duration.between(verified.statement().at(), startedAt).abs();
      if (skew.compareTo(START_SKEW) > 0) {
        return "refused: the start was signed at "
            + verified.statement().at()
            + ", not within "
            + START_SKEW.toMinutes()
            + " minutes of "
            + startedAt;
      }
      return verified.fingerprint();
    } catch (SshKeys.Refused e) {
      return "refused: " + e.getMessage();
    }
  }

  /** One step by its kind's runner: begun, run, its result recorded, or the run stopped. */
  private <S extends StepSpec> void execute(StepRun step, S spec) {
    StepRunner<S> runner = StepRunners.of(spec);
    runner.begin(step, context);
    if (spec.changesDatabase()
        && context.hasExternalEvidence()
        && Workflow.getVersion("evidence-before-change", Workflow.DEFAULT_VERSION, 1) >= 1) {
      String problem = context.recheckEvidence("evidence still holds before " + step.name());
      if (problem != null) {
        throw StepFailures.stepFailed(
            step, "the evidence the approvals were given on no longer holds: " + problem, context);
      }
    }
    try {
      step.result(runner.run(step, spec, context));
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure canceled) {
        throw canceled;
      }
      throw StepFailures.stepFailed(step, Failures.describe(failure.getCause()), context);
    }
    step.end(StepState.SUCCEEDED, now());
    publish();
  }

  /**
   * The rollback step to run after {@code step} failed, or null when the run just ends: only for a
   * failed apply (that reached its first file) or verify-change of a plan with {@code rollback:}
   * (version 1 of {@code "rollback-gate"}). A plan with {@code rollback:} whose run has no verified
   * backup ends FAILED, saying so.
   */
  private StepRun rollbackFor(StepRun step, ApplicationFailure failure) {
    StepSpec spec = step.step().spec();
    if (plan.rollback() == null
        || !StepFailures.STEP_FAILED.equals(failure.getType())
        || !(spec instanceof ApplySpec || spec instanceof VerifyChangeSpec)
        // an apply stopped before its first file (the evidence check) changed nothing
        || (spec instanceof ApplySpec && step.result() == null)
        || Workflow.getVersion(ROLLBACK_GATE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return null;
    }
    VerifiedBackup backup = context.verifiedBackup();
    BackupResult archive = context.backup();
    String host = archive == null ? null : TaskQueues.hostOf(archive.taskQueue());
    if (backup == null || host == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          failure.getOriginalMessage()
              + "; no rollback: the run has no verified backup"
              + (backup != null ? " on a known host" : "")
              + " to restore",
          failure.getType());
    }
    String name = RollbackGate.GATE_NAME;
    for (int n = 2; gates.containsKey(name) || hasStep(name); n++) {
      name = RollbackGate.GATE_NAME + "-" + n;
    }
    String why = step.status().error();
    RollbackSpec rollback =
        new RollbackSpec(
            plan.rollback()
                .gate(
                    List.of(
                        "Restore backup "
                            + backup.id()
                            + " into "
                            + plan.database().expectDatabase()
                            + ", losing every row written since the baseline")),
            step.name(),
            why,
            step.result() instanceof ChangeVerification diff ? diff.table() : List.of(),
            backup,
            host,
            ((BackupSpec) context.backupStep().step().spec()).directory(),
            archive.encryption() == null
                ? null
                : EncryptSpec.ofSource(archive.encryption().keyset()),
            context.baselineSpec(),
            context.baseline(),
            null); // the history tables of this run's plan
    StepRun run = new StepRun(new Step(name, rollback), start.startedBy());
    steps.add(run);
    gates.put(name, run.gate());
    announce("Step " + step.name() + " failed: " + why + ". The rollback gate " + name + " opens.");
    return run;
  }

  private boolean hasStep(String name) {
    return steps.stream().anyMatch(step -> step.name().equals(name));
  }

  private DeploymentStatus finish() {
    state = context.rolledBack() ? DeploymentState.ROLLED_BACK : DeploymentState.SUCCEEDED;
    finishedAt = now();
    steps.forEach(step -> step.stop(StepState.FAILED, finishedAt));
    publishNow();
    countFinished();
    announce("Deployment of " + plan.release() + " to " + plan.environment() + " " + state + ".");
    warRoom.flush();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  @Override
  public void validateApprove(Approval approval) {
    String approver = decider(approval.approver(), approval.via(), approval.userId());
    Gate gate = gateFor(approval.gate());
    gate.checkApproval(approver);
    gate.checkEvidence(approval.evidence());
    checkSignature(
        Statement.APPROVE,
        gate,
        approver,
        approval.via(),
        approval.userId(),
        approval.comment(),
        approval.proof());
  }

  @Override
  public GateOutcome approve(Approval approval) {
    String approver = decider(approval.approver(), approval.via(), approval.userId());
    Gate gate = gateFor(approval.gate());
    GateOutcome outcome =
        gate.approve(
            new Decision(
                approver,
                approval.via(),
                approval.userId(),
                now(),
                approval.comment(),
                gate.evidence() == null ? null : gate.evidence().digest(),
                checkable(approval.via(), approver, approval.proof()),
                signer(approval.via(), approver, approval.proof())));
    publish();
    if (warRoom.isAsync()) {
      announce(
          "Gate "
              + gate.name()
              + " approved by "
              + approver
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
        approver,
        gate.name(),
        outcome.approvals(),
        outcome.required());
    return outcome;
  }

  @Override
  public void validateReject(Rejection rejection) {
    String approver = decider(rejection.approver(), rejection.via(), rejection.userId());
    Gate gate = gateFor(rejection.gate());
    gate.checkRejection(approver, rejection.reason());
    // A NO on older evidence still stops the run: no evidence check, but the signature must hold.
    checkSignature(
        Statement.REJECT,
        gate,
        approver,
        rejection.via(),
        rejection.userId(),
        rejection.reason(),
        rejection.proof());
  }

  @Override
  public GateOutcome reject(Rejection rejection) {
    String approver = decider(rejection.approver(), rejection.via(), rejection.userId());
    Gate gate = gateFor(rejection.gate());
    log.info("{} rejected gate {}: {}", approver, gate.name(), rejection.reason());
    GateOutcome outcome =
        gate.reject(
            new Decision(
                approver,
                rejection.via(),
                rejection.userId(),
                now(),
                rejection.reason(),
                gate.evidence() == null ? null : gate.evidence().digest(),
                checkable(rejection.via(), approver, rejection.proof()),
                signer(rejection.via(), approver, rejection.proof())));
    publish();
    if (warRoom.isAsync()) {
      announce(
          "Gate "
              + gate.name()
              + " rejected by "
              + approver
              + " via "
              + rejection.via()
              + ": "
              + rejection.reason());
    }
    return outcome;
  }

  /**
   * Refuses a decision whose signature the plan requires and that lacks it, or whose signature does
   * not hold for exactly this decision (this deployment, run, gate and evidence, this person or the
   * Slack gateway), or whose nonce was used before. Pure Java: JDK Ed25519, no I/O.
   */
  private void checkSignature(
      String action,
      Gate gate,
      String person,
      String via,
      String userId,
      String text,
      Proof proof) {
    Signers.Verified verified;
    try {
      verified =
          Signers.check(
              plan,
              new Signers.Expected(
                  Workflow.getInfo().getWorkflowId(),
                  Workflow.getInfo().getRunId(),
                  action,
                  gate == null ? null : gate.name(),
                  gate == null || gate.evidence() == null ? null : gate.evidence().digest(),
                  text),
              person,
              Approval.SLACK.equals(via),
              userId,
              proof);
    } catch (SshKeys.Refused e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    if (verified != null && nonces.contains(verified.statement().nonce())) {
      throw new IllegalArgumentException(
          "this signed statement was used before (nonce " + verified.statement().nonce() + ")");
    }
  }

  /**
   * The fingerprint of the key a decision that passed its validator was signed with (null:
   * unsigned); remembers its nonce. Deterministic: the key comes from the plan.
   */
  private String signer(String via, String person, Proof proof) {
    String key = keyFor(via, person);
    if (proof == null || key == null) {
      return null;
    }
    nonces.add(Statement.parse(proof.statement()).nonce());
    return SshKeys.parsePublicKey(key).fingerprint();
  }

  /** The proof as recorded: only one the plan has a key to check (and the validator checked). */
  private Proof checkable(String via, String person, Proof proof) {
    return keyFor(via, person) == null ? null : proof;
  }

  private String keyFor(String via, String person) {
    return Approval.SLACK.equals(via) ? plan.slackGatewayKey() : plan.keyOf(person);
  }

  /**
   * Who decides, in the plan's names: a Slack decision names the Slack user, whom the plan's {@code
   * approvers} map to a person (the same rule in the validator and the handler); any other surface
   * names the person.
   */
  private String decider(String approver, String via, String userId) {
    if (!Approval.SLACK.equals(via)) {
      return approver;
    }
    String person = plan.approverWithSlackId(userId);
    if (person == null) {
      throw new IllegalArgumentException(
          "<@"
              + userId
              + "> is not one of the approvers of deployment "
              + Workflow.getInfo().getWorkflowId());
    }
    if (approver != null && !approver.isBlank() && !approver.equals(person)) {
      throw new IllegalArgumentException(
          "<@" + userId + "> is " + person + " in this deployment's plan, not " + approver);
    }
    return person;
  }

  /**
   * Records who is about to cancel. A signal cannot be refused and the cancellation that follows
   * cannot be either: an abort whose signature the plan requires and that lacks it, or whose
   * signature does not hold, is recorded with its maker marked unverified.
   */
  @Override
  public void recordAbort(AbortRequest request) {
    if (!state.isFinal() && abortRequest == null) {
      abortRequest = request;
    }
  }

  /** An abort's maker as the record shows them, and the signer's fingerprint (null: unsigned). */
  private record AbortMaker(String by, String signer) {}

  private AbortMaker abortMaker(AbortRequest request) {
    if (request.proof() == null && !plan.signaturesRequired()) {
      return new AbortMaker(request.by(), null);
    }
    try {
      Signers.Verified verified =
          Signers.check(
              plan,
              new Signers.Expected(
                  Workflow.getInfo().getWorkflowId(),
                  Workflow.getInfo().getRunId(),
                  Statement.ABORT,
                  null,
                  null,
                  request.reason()),
              request.by(),
              Approval.SLACK.equals(request.via()),
              request.by(),
              request.proof());
      return new AbortMaker(request.by(), verified == null ? null : verified.fingerprint());
    } catch (SshKeys.Refused e) {
      return new AbortMaker(request.by() + " (unverified: " + e.getMessage() + ")", null);
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
        context.verifiedBackup(),
        plan.approvers(),
        steps.stream().map(StepRun::status).toList(),
        start.planDigest(),
        Workflow.getInfo().getRunId(),
        plan.signatures(),
        startSigner);
  }

  // RunContext.Surface: what the steps may ask of the workflow.

  /** Tells the war room; a failure to deliver is counted, never fatal. */
  @Override
  public NotifyResult announce(String text) {
    return warRoom.tell(text);
  }

  /**
   * The war room's living message and the Temporal UI follow the run: at once, or (per-task
   * progress) once the workflow's threads next block, so several changes in one workflow task are
   * shown once.
   */
  @Override
  public void publish() {
    warRoom.statusChanged();
    if (progressPerTask) {
      warRoom.progressChanged();
    } else {
      showProgress();
    }
  }

  /** As {@link #publish()}, and shown before this returns: the run is about to end. */
  private void publishNow() {
    publish();
    if (progressPerTask) {
      warRoom.showProgress();
    }
  }

  private void showProgress() {
    Gate open = current == null ? null : current.gate();
    progress.show(status(), open != null && open.isOpen() ? open.awaiting() : List.of());
  }

  @Override
  public String mentions(List<String> people) {
    return warRoom.mentions(people);
  }

  @Override
  public void awaitingApproval(boolean waiting) {
    state = waiting ? DeploymentState.WAITING_FOR_APPROVAL : DeploymentState.RUNNING;
  }

  /** Metrics are replay-safe: the SDK does not report them again when a history is replayed. */
  private void countFinished() {
    Workflow.getMetricsScope()
        .tagged(Map.of("state", state.name()))
        .counter("greenlight_deployments_finished")
        .inc(1);
  }

  /** Ends the run after a rejected or expired gate or a failed step; tells the war room. */
  private DeploymentStatus stop(DeploymentState endState, String why) {
    state = endState;
    reason = why;
    finishedAt = now();
    steps.forEach(step -> step.stop(StepState.FAILED, finishedAt));
    publishNow();
    countFinished();
    announce("Deployment " + endState + ": " + why);
    warRoom.flush();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  /** Cleanup after cancellation: record who aborted, close what was open, tell the war room. */
  private void stopAborted(CanceledFailure canceled) {
    AbortMaker maker = abortRequest == null ? null : abortMaker(abortRequest);
    String by = maker == null ? "unknown" : maker.by();
    String via = abortRequest == null ? "temporal" : abortRequest.via();
    String why =
        abortRequest != null
            ? abortRequest.reason()
            : String.valueOf(canceled.getOriginalMessage());
    abort =
        new AbortRecord(
            by,
            via,
            why,
            now(),
            abortRequest == null ? null : abortRequest.proof(),
            maker == null ? null : maker.signer());
    state = DeploymentState.ABORTED;
    reason = "aborted by " + by + ": " + why;
    finishedAt = now();
    gates.values().forEach(Gate::close);
    steps.forEach(step -> step.stop(StepState.ABORTED, finishedAt));
    Workflow.newDetachedCancellationScope(
            () -> {
              publishNow();
              countFinished();
              announce("Deployment ABORTED: " + reason);
              warRoom.flush();
              Workflow.await(Workflow::isEveryHandlerFinished);
            })
        .run();
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

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
