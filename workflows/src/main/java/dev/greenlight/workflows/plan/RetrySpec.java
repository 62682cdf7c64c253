package dev.greenlight.workflows.plan;

import java.time.Duration;

/** How often a step is tried before the deployment gives up on it. */
public record RetrySpec(
    int attempts, Duration initialInterval, double backoff, Duration maxInterval) {}
