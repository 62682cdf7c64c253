package dev.greenlight.activities;

import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.NotifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** War-room messages, written to the worker's log (the Slack channel comes with the Slack notifier). */
public class NotificationActivitiesImpl implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger("greenlight.war-room");

  @Override
  public NotifyResult notify(Notification notification) {
    ActivityMetrics.countRetry();
    log.info("[{}] {}", notification.deploymentId(), notification.text());
    return new NotifyResult("log", notification.text());
  }
}
