package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.RestoreResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Puts a catalogued backup back into a database, on the host whose catalog holds it. */
@ActivityInterface
public interface RestoreActivities {

  /** Retryable: pg_restore failed, and a new attempt starts again from a clean slate. */
  String RESTORE_FAILED = "RestoreFailed";

  /**
   * Restores with {@code pg_restore --clean --if-exists} (objects the backup lacks are left alone),
   * heartbeating while it runs. Running it again restores again: the result is the same. Fails with
   * {@link CatalogActivities#NOT_FOUND} when the backup is not in the catalog.
   */
  @ActivityMethod
  RestoreResult restore(RestoreRequest request);
}
