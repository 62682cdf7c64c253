package dev.greenlight.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells the war room. A notification that cannot be delivered never stops a deployment. */
@ActivityInterface
public interface NotificationActivities {

  @ActivityMethod
  NotifyResult notify(Notification notification);
}
