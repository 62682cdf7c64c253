package dev.greenlight.worker.bench;

import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.PostedMessage;
import dev.greenlight.workflows.activities.StatusMessage;
import dev.greenlight.workflows.status.NotifyResult;

/**
 * Greenlight's war room for the bench: delivers nothing, answers like the log war room does, and
 * notes when it was called. Greenlight's side of the comparison runs the same no-op work as the
 * bare workflow's activities.
 */
final class BenchNotifications implements NotificationActivities {

  private final ActivityClock clock;

  BenchNotifications(ActivityClock clock) {
    this.clock = clock;
  }

  @Override
  public NotifyResult notify(Notification notification) {
    clock.activityStarted();
    return new NotifyResult("log", notification.text());
  }

  @Override
  public PostedMessage publishStatus(StatusMessage message) {
    clock.activityStarted();
    return new PostedMessage(message.channel(), "1.0");
  }
}
