package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;

/**
 * Backup {@code backupId} of catalog {@code directory} on {@code host}, to restore into {@code
 * target} (whose password the worker reads from the variable the target names).
 */
public record RestoreRequest(
    String host, String directory, String backupId, DatabaseTarget target) {}
