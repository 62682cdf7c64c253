package dev.greenlight.workflows.status;

/** Where a deployment stands as a whole. */
public enum DeploymentState {
  RUNNING,
  WAITING_FOR_APPROVAL,
  SUCCEEDED,
  /** Stopped by a person: a rejected or expired gate, or an abort. */
  ABORTED,
  /** Stopped by a step that failed and could not heal. */
  FAILED,
  /** The change failed (or was found wrong later) and its verified backup was restored. */
  ROLLED_BACK,
  /** The rollback itself failed: the reason says what state the database is in. */
  ROLLBACK_FAILED;

  public boolean isFinal() {
    return this == SUCCEEDED
        || this == ABORTED
        || this == FAILED
        || this == ROLLED_BACK
        || this == ROLLBACK_FAILED;
  }
}
