package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.RetrySpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Activity stubs for steps: each with the step's name as its summary in the Temporal UI. */
final class ActivityStubs {

  /** Retries of read-only checks: a database that is restarting or busy gets a few seconds. */
  static final RetrySpec CHECK_RETRY =
      new RetrySpec(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1));

  private ActivityStubs() {}

  /**
   * A stub of {@code activities} whose calls time out after {@code startToClose}, must heartbeat
   * every {@code heartbeat} (null: no heartbeat, for short calls) so a dead worker is noticed
   * quickly, and retry under {@code retry}. {@code taskQueue} null: the workflow's own.
   */
  static <T> T stub(
      Class<T> activities,
      String summary,
      Duration startToClose,
      Duration heartbeat,
      RetrySpec retry,
      String taskQueue) {
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(startToClose)
            .setSummary(summary)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(retry.attempts())
                    .setInitialInterval(retry.initialInterval())
                    .setBackoffCoefficient(retry.backoff())
                    .setMaximumInterval(retry.maxInterval())
                    .build());
    if (heartbeat != null) {
      options.setHeartbeatTimeout(heartbeat);
    }
    if (taskQueue != null) {
      options.setTaskQueue(taskQueue);
    }
    return Workflow.newActivityStub(activities, options.build());
  }
}
