package dev.greenlight.worker;

import dev.greenlight.workflows.activities.PromotionActivities;
import dev.greenlight.workflows.activities.PromotionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;

/** The promotion rule, checked by the worker against Temporal's visibility. */
public class PromotionActivitiesImpl implements PromotionActivities {

  private final WorkflowClient client;
  private final Clock clock;

  public PromotionActivitiesImpl(WorkflowClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public String qualify(PromotionRequest request) {
    try {
      return Promotions.qualify(client, request.plan(), clock);
    } catch (Promotions.NotMet e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), NOT_MET);
    }
  }
}
