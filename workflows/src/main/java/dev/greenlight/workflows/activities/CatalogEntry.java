package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.BackupResult;
import java.time.Instant;

/** A backup in a catalog, and when a verification last passed (null: never). */
public record CatalogEntry(BackupResult backup, Instant verifiedAt) {}
