package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.NotifyResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells the war room. A notification that cannot be delivered never stops a deployment. */
@ActivityInterface
public interface NotificationActivities {

  @ActivityMethod
  NotifyResult notify(Notification notification);

  /**
   * Posts the deployment's living message ({@code ts} null), or updates it in place. The workflow
   * sends one at a time, newest state last, so an older state never overwrites a newer.
   */
  @ActivityMethod
  PostedMessage publishStatus(StatusMessage message);
}
