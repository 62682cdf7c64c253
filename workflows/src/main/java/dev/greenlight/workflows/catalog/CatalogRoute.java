package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.CatalogActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The catalog activity stub for a host: on that host's queue when one is named, otherwise on the
 * shared queue. A host whose worker is not polling fails the command after {@link #HOST_WAIT}
 * instead of leaving it waiting.
 */
final class CatalogRoute {

  /** How long a catalog command waits for the host's worker to pick its activity up. */
  static final Duration HOST_WAIT = Duration.ofSeconds(30);

  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setMaximumAttempts(3)
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(10))
          .build();

  private CatalogRoute() {}

  /**
   * @param host the host whose catalog, or null for any worker
   * @param work how long one attempt may take
   * @param heartbeat the heartbeat timeout of long work, or null
   */
  static CatalogActivities to(String host, String summary, Duration work, Duration heartbeat) {
    return stub(CatalogActivities.class, host, summary, work, heartbeat);
  }

  /** As {@link #to}, for another activity interface that runs on the host holding the catalog. */
  static <T> T stub(
      Class<T> activities, String host, String summary, Duration work, Duration heartbeat) {
    if (host != null && !TaskQueues.isHostName(host)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "not a host name: '" + host + "'", CatalogActivities.WRONG_HOST);
    }
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(host == null ? TaskQueues.SHARED : TaskQueues.host(host))
            .setScheduleToStartTimeout(HOST_WAIT)
            .setStartToCloseTimeout(work)
            .setRetryOptions(RETRY)
            .setSummary(summary);
    if (heartbeat != null) {
      options.setHeartbeatTimeout(heartbeat);
    }
    return Workflow.newActivityStub(activities, options.build());
  }
}
