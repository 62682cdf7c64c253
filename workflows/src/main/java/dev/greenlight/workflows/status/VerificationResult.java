package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Locale;

/**
 * What verification checked: checksums, {@code pg_restore --list} entries, size against the
 * database's table data, age, and with a restore test the tables restored and compared with the
 * baseline.
 */
@JsonTypeName("verification")
public record VerificationResult(
    String backupId,
    int filesChecked,
    int archiveEntries,
    long tableDataBytes,
    boolean restoreTested,
    int tablesCompared,
    long rowsRestored,
    long restoreMillis,
    Instant verifiedAt)
    implements StepResult {

  @Override
  public String summary() {
    return "verified "
        + backupId
        + ": "
        + filesChecked
        + " checksums, "
        + archiveEntries
        + " archive entries"
        + (restoreTested
            ? ", restore test matched "
                + tablesCompared
                + " tables ("
                + String.format(Locale.ROOT, "%,d", rowsRestored)
                + " rows) in "
                + restoreMillis
                + " ms"
            : "");
  }
}
