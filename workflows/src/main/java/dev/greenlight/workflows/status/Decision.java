package dev.greenlight.workflows.status;

import java.time.Instant;

/**
 * A person's decision on a gate: who, through which surface ({@code cli} or {@code slack}) and
 * under which identity there (the Slack user id, or the CLI's {@code --as}), when, and why.
 */
public record Decision(String approver, String via, String userId, Instant at, String comment) {}
