package dev.greenlight.client;

import dev.greenlight.workflows.status.DeploymentState;
import java.time.Instant;
import java.util.List;

/** One line of {@code greenlight list}. */
public record DeploymentSummary(
    String id,
    String release,
    String environment,
    DeploymentState state,
    String currentStep,
    List<String> awaiting,
    Instant startedAt) {}
