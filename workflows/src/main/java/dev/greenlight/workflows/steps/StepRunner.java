package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.status.StepResult;
import dev.greenlight.workflows.status.StepState;

/**
 * Runs one kind of step inside the workflow: calls its activities, reads and records evidence in
 * the {@link RunContext}, and returns the result every surface shows. Workflow code: deterministic.
 *
 * <p>A runner fails the step by throwing: an {@code ActivityFailure} (the workflow records why and
 * fails the run) or an {@code ApplicationFailure} of one of the types in {@link StepFailures}
 * (whose helpers also fail the step).
 */
public interface StepRunner<S extends StepSpec> {

  /** The state a step of this kind is in while it runs. */
  default StepState activeState() {
    return StepState.RUNNING;
  }

  /** Marks the step started and shows it; before {@link #run}. */
  default void begin(StepRun step, RunContext context) {
    step.begin(activeState(), context.now());
    context.publish();
  }

  StepResult run(StepRun step, S spec, RunContext context);
}
