package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.VerifyBackupSpec;

/** A backup to check against the database it came from and the baseline taken before it. */
public record VerifyRequest(
    BackupResult backup, VerifyBackupSpec spec, DatabaseTarget database, BaselineResult baseline) {}
