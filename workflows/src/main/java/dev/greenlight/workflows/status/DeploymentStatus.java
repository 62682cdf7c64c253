package dev.greenlight.workflows.status;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about one deployment: what the status query, the CLI's {@code status --json}
 * and the workflow's result carry. {@code reason} says why it ended when it did not succeed.
 * {@code notificationsFailed} counts war-room messages that could not be delivered. {@code backup}
 * is the verified backup, the deployment's way back, once there is one.
 */
public record DeploymentStatus(
    String id,
    String release,
    String environment,
    String database,
    DeploymentState state,
    String startedBy,
    Instant startedAt,
    Instant finishedAt,
    String currentStep,
    String reason,
    AbortRecord abort,
    int notificationsFailed,
    VerifiedBackup backup,
    List<StepStatus> steps) {}
