package dev.greenlight.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.Map;

/** Greenlight's activity metrics, reported through the SDK's metrics scope. */
final class ActivityMetrics {

  private ActivityMetrics() {}

  /**
   * Counts a retried attempt ({@code greenlight_activity_retries{activity}}). {@link
   * ActivityRetryInterceptor} calls it for every activity; activities do not.
   */
  static void countRetry(ActivityExecutionContext context) {
    if (context.getInfo().getAttempt() > 1) {
      context
          .getMetricsScope()
          .tagged(Map.of("activity", context.getInfo().getActivityType()))
          .counter("greenlight_activity_retries")
          .inc(1);
    }
  }

  static void recordBackup(Duration took, long bytes) {
    var scope = Activity.getExecutionContext().getMetricsScope();
    scope
        .timer("greenlight_backup_duration")
        .record(com.uber.m3.util.Duration.ofMillis(took.toMillis()));
    scope.counter("greenlight_backup_bytes").inc(bytes);
  }
}
