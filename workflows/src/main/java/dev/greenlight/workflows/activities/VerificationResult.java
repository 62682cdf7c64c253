package dev.greenlight.workflows.activities;

import java.time.Instant;

/**
 * What verification checked: checksums, {@code pg_restore --list} entries, size against the
 * database's table data, age, and with a restore test the tables restored and compared with the
 * baseline.
 */
public record VerificationResult(
    String backupId,
    int filesChecked,
    int archiveEntries,
    long tableDataBytes,
    boolean restoreTested,
    int tablesCompared,
    long rowsRestored,
    long restoreMillis,
    Instant verifiedAt) {}
