package dev.greenlight.workflows.activities;

import java.time.Instant;

/** What preflight found; it only returns when every check passed. */
public record PreflightResult(
    String database,
    String user,
    String serverVersion,
    int activeConnections,
    Integer maxActiveConnections,
    boolean windowChecked,
    Instant checkedAt) {}
