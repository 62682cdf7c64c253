package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;
import java.util.List;

/**
 * Backup {@code backupId} of catalog {@code directory} on {@code host}, to restore into {@code
 * target} (whose password the worker reads from the variable the target names). {@code
 * historyTables} are the schema history tables of the plan's {@code apply} steps, in the target's
 * default schema: those the backup does not contain are dropped after the restore (null or empty:
 * none; requests recorded before they were carried have none).
 */
public record RestoreRequest(
    String host,
    String directory,
    String backupId,
    DatabaseTarget target,
    List<String> historyTables) {

  public RestoreRequest {
    historyTables = historyTables == null ? List.of() : List.copyOf(historyTables);
  }

  /** A restore that drops no history table. */
  public RestoreRequest(String host, String directory, String backupId, DatabaseTarget target) {
    this(host, directory, backupId, target, List.of());
  }
}
