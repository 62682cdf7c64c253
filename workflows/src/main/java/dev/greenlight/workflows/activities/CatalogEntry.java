package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.BackupResult;
import java.time.Instant;

/**
 * A backup in a catalog, when a verification last passed (null: never), why it is pinned (null: not
 * pinned), and its latest check (null: none recorded since checks were recorded); a backup whose
 * latest check failed is {@link #failed()}.
 */
public record CatalogEntry(
    BackupResult backup, Instant verifiedAt, String pinReason, BackupCheck lastCheck) {

  public CatalogEntry(BackupResult backup, Instant verifiedAt, String pinReason) {
    this(backup, verifiedAt, pinReason, null);
  }

  /** Its latest check failed: it is not a way back until a check passes again. */
  public boolean failed() {
    return lastCheck != null && !lastCheck.passed();
  }
}
