package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.PreflightRequest;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.StepResult;
import java.time.Duration;

/** Checks made just before the change: the right database, few sessions, inside the window. */
final class PreflightRunner implements StepRunner<PreflightSpec> {

  @Override
  public StepResult run(StepRun step, PreflightSpec spec, RunContext context) {
    PreflightResult result =
        ActivityStubs.stub(
                DatabaseActivities.class,
                step.name(),
                Duration.ofMinutes(2),
                null,
                ActivityStubs.CHECK_RETRY,
                null)
            .preflight(new PreflightRequest(context.plan().database(), spec));
    context.recordIdentity(result);
    return result;
  }
}
