package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.RollbackSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.StepResult;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import java.time.Instant;

/** The workflow's mutable record of one step while the run goes on. */
public final class StepRun {

  private final Step step;
  private final Gate gate;
  private StepState state = StepState.PENDING;
  private Instant startedAt;
  private Instant finishedAt;
  private String error;
  private String note;
  private StepResult result;

  /** A step; {@code releaseLead} is who started the run (never an approver of its gates). */
  public StepRun(Step step, String releaseLead) {
    this.step = step;
    this.gate =
        step.spec() instanceof GateSpec spec
            ? new Gate(step.name(), spec, releaseLead)
            : step.spec() instanceof RollbackSpec rollback
                ? new Gate(step.name(), rollback.gate(), releaseLead)
                : null;
  }

  public String name() {
    return step.name();
  }

  public Step step() {
    return step;
  }

  /** The gate's rules and record, for a gate step (and a rollback's gate); otherwise null. */
  public Gate gate() {
    return gate;
  }

  public StepState state() {
    return state;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public StepResult result() {
    return result;
  }

  public void begin(StepState runningState, Instant now) {
    state = runningState;
    startedAt = now;
  }

  public void end(StepState endState, Instant now) {
    state = endState;
    finishedAt = now;
  }

  /** Ends the step FAILED with the reason people will read. */
  public void fail(String why, Instant now) {
    error = why;
    end(StepState.FAILED, now);
  }

  /** Replaces the step's result (a backup taken again replaces the first). */
  public void result(StepResult value) {
    result = value;
  }

  /** Something worth knowing about a step that succeeded. */
  public void note(String text) {
    note = text;
  }

  public boolean isActive() {
    return state == StepState.RUNNING || state == StepState.WAITING_FOR_APPROVAL;
  }

  /** Marks a step that never ran as skipped, and one that was running as {@code activeEnd}. */
  public void stop(StepState activeEnd, Instant now) {
    if (isActive()) {
      end(activeEnd, now);
    } else if (state == StepState.PENDING) {
      state = StepState.SKIPPED;
    }
  }

  public StepStatus status() {
    return new StepStatus(
        step.name(),
        step.key(),
        state,
        startedAt,
        finishedAt,
        error,
        note,
        gate == null ? null : gate.status(),
        result);
  }
}
