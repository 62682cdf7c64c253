package dev.greenlight.workflows;

/**
 * An approver's GO for a gate. {@code gate} may be null when exactly one gate is open. {@code via}
 * is the surface ({@code cli}, {@code slack}) and {@code userId} the identity there.
 */
public record Approval(String gate, String approver, String via, String userId, String comment) {}
