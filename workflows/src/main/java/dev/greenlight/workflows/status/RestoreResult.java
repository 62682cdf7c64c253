package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Sizes;
import java.time.Instant;
import java.util.List;

/**
 * A restore: backup {@code backupId} restored on {@code host} into {@code database} in {@code
 * restoreMillis}, after {@code emergencyBackup}, the target's state just before (the way back from
 * the restore itself). {@code restoredAt} is null while the restore still runs. {@code cleanup}
 * says which history tables were dropped or kept and what was not in the backup (null: not told, as
 * in results recorded before it was).
 */
@JsonTypeName("restore")
public record RestoreResult(
    String backupId,
    String host,
    String database,
    BackupResult emergencyBackup,
    long restoreMillis,
    Instant restoredAt,
    RestoreCleanup cleanup)
    implements StepResult {

  /** A restore with nothing to say about what it left. */
  public RestoreResult(
      String backupId,
      String host,
      String database,
      BackupResult emergencyBackup,
      long restoreMillis,
      Instant restoredAt) {
    this(backupId, host, database, emergencyBackup, restoreMillis, restoredAt, null);
  }

  /** This result with the emergency backup taken before it. */
  public RestoreResult withEmergencyBackup(BackupResult backup) {
    return new RestoreResult(backupId, host, database, backup, restoreMillis, restoredAt, cleanup);
  }

  @Override
  public String summary() {
    return (restoredAt == null
            ? "restoring " + backupId + " into " + database
            : "restored " + backupId + " into " + database + " in " + restoreMillis + " ms")
        + (emergencyBackup == null
            ? ""
            : "; emergency backup "
                + emergencyBackup.id()
                + " ("
                + Sizes.bytes(emergencyBackup.bytes())
                + ")")
        + (cleanup == null || cleanup.summary().isEmpty() ? "" : "; " + cleanup.summary());
  }

  @Override
  public List<String> details() {
    return cleanup == null ? List.of() : cleanup.lines();
  }
}
