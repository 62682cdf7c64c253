package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BaselineResult;

/**
 * A backup to take. {@code idempotencyKey} (workflow id + step + try) identifies it: a retried
 * activity whose backup completed gets that backup back. {@code label} is {@code
 * <environment>-pre-<release>}; the activity adds the UTC time. {@code baseline} (may be null) goes
 * into the manifest.
 */
public record BackupRequest(
    String idempotencyKey,
    String label,
    DatabaseTarget database,
    BackupSpec spec,
    BaselineResult baseline) {}
