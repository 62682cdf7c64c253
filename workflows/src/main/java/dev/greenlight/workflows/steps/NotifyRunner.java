package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.StepResult;

/** Tells the war room the plan's message, with the run's backup filled in. */
final class NotifyRunner implements StepRunner<NotifySpec> {

  @Override
  public StepResult run(StepRun step, NotifySpec spec, RunContext context) {
    NotifyResult sent = context.announce(context.fill(spec.text()));
    if (sent == null) {
      step.note("not delivered");
    }
    return sent;
  }
}
