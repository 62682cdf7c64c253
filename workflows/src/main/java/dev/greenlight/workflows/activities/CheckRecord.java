package dev.greenlight.workflows.activities;

/** A check to record beside backup {@code backupId} in a host's catalog. */
public record CheckRecord(String host, String directory, String backupId, BackupCheck check) {}
