package dev.greenlight.workflows.plan;

import java.time.Instant;

/**
 * Checks made just before the change: at most {@code maxActiveConnections} other sessions on the
 * database (null: not checked), and now inside the maintenance window (null bounds: not checked).
 */
public record PreflightSpec(Integer maxActiveConnections, Instant windowStart, Instant windowEnd) {}
