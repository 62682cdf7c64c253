package dev.greenlight.workflows.status;

import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.Signatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one deployment: what the status query, the CLI's {@code status --json} and
 * the workflow's result carry. {@code reason} says why it ended when it did not succeed. {@code
 * notificationsFailed} counts war-room messages that could not be delivered. {@code backup} is the
 * verified backup, the deployment's way back, once there is one. {@code approvers} are the plan's
 * people with their Slack ids (and public keys), for surfaces that map a Slack user to an approver.
 * {@code runId} is the run decisions are signed for; {@code signatures} the plan's rule (null:
 * decisions are unsigned, names only); {@code startSigner} the fingerprint of the key that signed
 * the start (null: unsigned).
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
    String planDigest,
    String runId,
    Signatures signatures,
    String startSigner) {}
