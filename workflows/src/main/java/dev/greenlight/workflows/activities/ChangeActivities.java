package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.AppliedFile;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Applies the change to the plan's database, and observes it afterwards. */
@ActivityInterface
public interface ChangeActivities {

  /** Retryable: the file waited too long for a lock; the table may be free on the next try. */
  String LOCK_TIMEOUT = "LockTimeout";

  /** Retryable: the connection was lost mid-file; PostgreSQL rolled its transaction back. */
  String CONNECTION_LOST = "ConnectionLost";

  /** A statement failed (syntax, constraint, statement timeout...): the file is not applied. */
  String MIGRATION_FAILED = "MigrationFailed";

  /** The schema history disagrees with the files (edited after applying, a failed entry...). */
  String HISTORY_CONFLICT = "SchemaHistoryConflict";

  /** A check of verify-change could not be run (the observation as a whole failed). */
  String OBSERVATION_FAILED = "ObservationFailed";

  /**
   * Applies one file through Flyway, or returns it as {@code ALREADY_APPLIED} when the schema
   * history records it: a retried or resumed attempt never applies a file twice. Heartbeats while
   * it runs; a cancelled activity stops its statement (PostgreSQL rolls the file back unless it ran
   * outside a transaction).
   */
  @ActivityMethod
  AppliedFile apply(ApplyRequest request);

  /** The tables of the run's baseline as they are now, and the checks' values, read-only. */
  @ActivityMethod
  ChangeObservation observe(ObserveRequest request);
}
