package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.BackupResult;
import java.time.Instant;

/**
 * A backup in a catalog, when a verification last passed (null: never), and why it is pinned (null:
 * not pinned).
 */
public record CatalogEntry(BackupResult backup, Instant verifiedAt, String pinReason) {}
