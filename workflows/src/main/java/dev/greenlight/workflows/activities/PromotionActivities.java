package dev.greenlight.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The worker's own check of a plan's {@code requires}: it asks Temporal's visibility for the
 * deployment that qualifies this one, so a start sent by any client is held to the rule, not only
 * one sent by the CLI.
 */
@ActivityInterface
public interface PromotionActivities {

  /** Failure type: no qualifying deployment; cannot heal by retrying. */
  String NOT_MET = "PromotionNotMet";

  /**
   * The qualifying deployment ({@code id/run succeeded in … at …}), or fails with {@link #NOT_MET}.
   */
  @ActivityMethod
  String qualify(PromotionRequest request);
}
