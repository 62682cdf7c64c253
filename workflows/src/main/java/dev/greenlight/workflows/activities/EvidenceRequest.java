package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupResult;

/**
 * Evidence to check again: the database (read its identity) and the backup (null: none; otherwise
 * its archive's checksums against the manifest and that {@code pg_restore} can read it).
 */
public record EvidenceRequest(DatabaseTarget database, BackupResult backup) {}
