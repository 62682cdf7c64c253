package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Sizes;
import java.time.Instant;

/**
 * A restore: backup {@code backupId} restored on {@code host} into {@code database} in {@code
 * restoreMillis}, after {@code emergencyBackup}, the target's state just before (the way back from
 * the restore itself). {@code restoredAt} is null while the restore still runs.
 */
@JsonTypeName("restore")
public record RestoreResult(
    String backupId,
    String host,
    String database,
    BackupResult emergencyBackup,
    long restoreMillis,
    Instant restoredAt)
    implements StepResult {

  /** This result with the emergency backup taken before it. */
  public RestoreResult withEmergencyBackup(BackupResult backup) {
    return new RestoreResult(backupId, host, database, backup, restoreMillis, restoredAt);
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
                + ")");
  }
}
