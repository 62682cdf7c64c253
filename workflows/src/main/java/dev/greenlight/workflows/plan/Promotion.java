package dev.greenlight.workflows.plan;

import java.time.Duration;

/**
 * {@code requires: { environment: staging, within: 7d }}: this plan may start only if a deployment
 * of the same release with the same plan (environment and database aside) succeeded in {@code
 * environment} within {@code within}.
 */
public record Promotion(String environment, Duration within) {}
