package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.DeploymentStatus;

/** The deployment's status for its living war-room message: {@code ts} null posts a new one. */
public record StatusMessage(String channel, String ts, DeploymentStatus status) {}
