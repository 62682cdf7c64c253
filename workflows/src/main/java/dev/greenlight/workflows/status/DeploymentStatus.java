package dev.greenlight.workflows.status;

import dev.greenlight.workflows.plan.Approver;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one deployment: what the status query, the CLI's {@code status --json} and
 * the workflow's result carry. {@code reason} says why it ended when it did not succeed. {@code
 * notificationsFailed} counts war-room messages that could not be delivered. {@code backup} is the
 * verified backup, the deployment's way back, once there is one. {@code approvers} are the plan's
 * people with their Slack ids, for surfaces that map a Slack user to an approver.
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
    Map<String, Approver> approvers,
    List<StepStatus> steps,
    String planDigest) {}
