package dev.greenlight.workflows;

/** An approver's NO-GO for a gate; it needs a reason, and it aborts the deployment. */
public record Rejection(String gate, String approver, String via, String userId, String reason) {}
