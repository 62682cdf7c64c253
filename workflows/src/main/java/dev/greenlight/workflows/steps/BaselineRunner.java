package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.BaselineRequest;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.StepResult;
import java.time.Duration;

/** Records the database before the change; later steps compare with it. */
final class BaselineRunner implements StepRunner<BaselineSpec> {

  @Override
  public StepResult run(StepRun step, BaselineSpec spec, RunContext context) {
    BaselineResult baseline =
        ActivityStubs.stub(
                DatabaseActivities.class,
                step.name(),
                Duration.ofHours(2),
                Duration.ofMinutes(1),
                ActivityStubs.CHECK_RETRY,
                null)
            .baseline(new BaselineRequest(context.plan().database(), spec));
    context.recordBaseline(spec, baseline);
    return baseline;
  }
}
