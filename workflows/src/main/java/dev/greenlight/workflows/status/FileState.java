package dev.greenlight.workflows.status;

/** Where one file of an {@code apply} step stands. */
public enum FileState {
  PENDING,
  RUNNING,
  APPLIED,
  /** The schema history already had it (a retried or resumed attempt, or an earlier deployment). */
  ALREADY_APPLIED,
  FAILED,
  /**
   * The run was aborted while the file ran: whether it committed is in the schema history table.
   */
  INTERRUPTED
}
