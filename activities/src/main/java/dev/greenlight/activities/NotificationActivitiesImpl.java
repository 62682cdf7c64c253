package dev.greenlight.activities;

import dev.greenlight.activities.slack.SlackWarRoom;
import dev.greenlight.activities.slack.StatusBlocks;
import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.PostedMessage;
import dev.greenlight.workflows.activities.StatusMessage;
import dev.greenlight.workflows.status.NotifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * War-room messages: to the plan's Slack channel when the worker has a bot token, and always to the
 * worker's log ({@code greenlight.war-room}).
 */
public class NotificationActivitiesImpl implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger("greenlight.war-room");

  private final SlackWarRoom slack;

  /**
   * @param slack the Slack war room, or null to log only
   */
  public NotificationActivitiesImpl(SlackWarRoom slack) {
    this.slack = slack;
  }

  @Override
  public NotifyResult notify(Notification notification) {
    log.info("[{}] {}", notification.deploymentId(), notification.text());
    if (slack == null || notification.channel() == null) {
      return new NotifyResult("log", notification.text());
    }
    PostedMessage posted =
        slack.post(notification.channel(), notification.threadTs(), notification.text(), null);
    return new NotifyResult(posted.channel(), notification.text());
  }

  @Override
  public PostedMessage publishStatus(StatusMessage message) {
    if (slack == null || message.channel() == null) {
      log.info("[{}] {}", message.status().id(), StatusBlocks.text(message.status()));
      return new PostedMessage("log", message.ts());
    }
    String text = StatusBlocks.text(message.status());
    var blocks = StatusBlocks.blocks(message.status());
    return message.ts() == null
        ? slack.post(message.channel(), null, text, blocks)
        : slack.update(message.channel(), message.ts(), text, blocks);
  }
}
