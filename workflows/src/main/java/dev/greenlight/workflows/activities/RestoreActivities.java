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
   * Not retryable, nothing touched: an object the backup lacks sits in a schema it holds, so {@code
   * pg_restore --clean} would drop the backup's tables and then fail to drop that schema.
   */
  String RESTORE_BLOCKED = "RestoreBlocked";

  /**
   * Retryable: the target could not be read, or a history table the backup lacks could not be
   * dropped; pg_restore did not start, so no object of the backup was touched.
   */
  String RESTORE_NOT_STARTED = "RestoreNotStarted";

  /**
   * Restores with {@code pg_restore --clean --if-exists} (objects the backup lacks are left alone,
   * and named in the result), heartbeating while it runs. First drops those of the request's
   * history tables the backup does not contain, or refuses ({@link #RESTORE_BLOCKED}). Running it
   * again restores again: the result is the same. Fails with {@link CatalogActivities#NOT_FOUND}
   * when the backup is not in the catalog.
   */
  @ActivityMethod
  RestoreResult restore(RestoreRequest request);
}
