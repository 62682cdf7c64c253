package dev.greenlight.workflows.plan;

import java.time.Duration;

/** How often a step is tried before the deployment gives up on it. */
public record RetrySpec(
    int attempts, Duration initialInterval, double backoff, Duration maxInterval) {

  /** A backup's retries where the plan sets none, and the defaults of what a plan leaves out. */
  public static final RetrySpec BACKUP =
      new RetrySpec(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5));
}
