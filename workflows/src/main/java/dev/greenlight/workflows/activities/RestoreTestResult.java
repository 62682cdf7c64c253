package dev.greenlight.workflows.activities;

/**
 * What a restore test of one copy found. {@code sound}: the checksums matched, pg_restore restored
 * it and the row counts match the manifest's baseline; otherwise {@code problem} says what did not.
 * {@code restoreMillis} is the pg_restore wall time; {@code note} what is worth knowing about a
 * sound one (such as "no baseline in manifest": restored, counts not compared).
 */
public record RestoreTestResult(
    String backupId,
    String copy,
    boolean sound,
    String problem,
    long restoreMillis,
    int tablesCompared,
    long rowsRestored,
    String note) {}
