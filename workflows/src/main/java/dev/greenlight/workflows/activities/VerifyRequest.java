package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;

/** A backup to check against the database it came from and the baseline taken before it. */
public record VerifyRequest(
    BackupResult backup, VerifyBackupSpec spec, DatabaseTarget database, BaselineResult baseline) {}
