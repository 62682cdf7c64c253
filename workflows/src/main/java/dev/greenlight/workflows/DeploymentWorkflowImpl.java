package dev.greenlight.workflows;

import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.status.AbortRecord;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.steps.Failures;
import dev.greenlight.workflows.steps.Gate;
import dev.greenlight.workflows.steps.RunContext;
import dev.greenlight.workflows.steps.StepFailures;
import dev.greenlight.workflows.steps.StepRun;
import dev.greenlight.workflows.steps.StepRunner;
import dev.greenlight.workflows.steps.StepRunners;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      for (StepRun step : steps) {
        current = step;
        execute(step, step.step().spec());
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

  /** One step by its kind's runner: begun, run, its result recorded, or the run stopped. */
  private <S extends StepSpec> void execute(StepRun step, S spec) {
    StepRunner<S> runner = StepRunners.of(spec);
    runner.begin(step, context);
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

  private DeploymentStatus finish() {
    state = DeploymentState.SUCCEEDED;
    finishedAt = now();
    publishNow();
    countFinished();
    announce("Deployment of " + plan.release() + " to " + plan.environment() + " SUCCEEDED.");
    warRoom.flush();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  @Override
  public void validateApprove(Approval approval) {
    String approver = decider(approval.approver(), approval.via(), approval.userId());
    gateFor(approval.gate()).checkApproval(approver);
  }

  @Override
  public GateOutcome approve(Approval approval) {
    String approver = decider(approval.approver(), approval.via(), approval.userId());
    Gate gate = gateFor(approval.gate());
    GateOutcome outcome =
        gate.approve(
            new Decision(approver, approval.via(), approval.userId(), now(), approval.comment()));
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
    gateFor(rejection.gate()).checkRejection(approver, rejection.reason());
  }

  @Override
  public GateOutcome reject(Rejection rejection) {
    String approver = decider(rejection.approver(), rejection.via(), rejection.userId());
    Gate gate = gateFor(rejection.gate());
    log.info("{} rejected gate {}: {}", approver, gate.name(), rejection.reason());
    GateOutcome outcome =
        gate.reject(
            new Decision(approver, rejection.via(), rejection.userId(), now(), rejection.reason()));
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
        context.verifiedBackup(),
        plan.approvers(),
        steps.stream().map(StepRun::status).toList(),
        start.planDigest());
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
