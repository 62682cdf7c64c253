package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.ObserveRequest;
import dev.greenlight.workflows.change.ChangeDiff;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.StepResult;
import java.time.Duration;

/**
 * Observes the database after the change the way the baseline saw it before, and compares the two
 * with what the plan declares ({@link ChangeDiff}). The diff is the step's result whether or not it
 * holds, so a failed expectation leaves its evidence in the status; then the step fails, naming
 * what did not hold.
 */
final class VerifyChangeRunner implements StepRunner<VerifyChangeSpec> {

  @Override
  public StepResult run(StepRun step, VerifyChangeSpec spec, RunContext context) {
    if (context.baseline() == null || context.baselineSpec() == null) {
      throw StepFailures.stepFailed(
          step, "there is no baseline before it to compare with", context);
    }
    ChangeObservation observed =
        ActivityStubs.stub(
                ChangeActivities.class,
                step.name(),
                Duration.ofHours(2),
                Duration.ofMinutes(1),
                ActivityStubs.CHECK_RETRY,
                null)
            .observe(
                new ObserveRequest(
                    context.plan().database(),
                    context.baselineSpec(),
                    spec.checks(),
                    spec.checkTimeout() != null
                        ? spec.checkTimeout()
                        : VerifyChangeSpec.DEFAULT_CHECK_TIMEOUT));
    ChangeVerification verification =
        ChangeDiff.compare(context.baseline(), observed, spec, context.now());
    step.result(verification);
    context.announce(
        (verification.passed()
                ? "Change verified against the baseline and the plan:"
                : "Change verification FAILED:")
            + "\n```\n"
            + String.join("\n", verification.table())
            + "\n```");
    if (!verification.passed()) {
      throw StepFailures.stepFailed(step, verification.reason(), context);
    }
    return verification;
  }
}
