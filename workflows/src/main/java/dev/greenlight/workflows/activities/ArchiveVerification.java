package dev.greenlight.workflows.activities;

/**
 * An offline check that passed on {@code host}: {@code filesChecked} checksums matched, and {@code
 * pg_restore --list} read {@code archiveEntries} entries.
 */
public record ArchiveVerification(
    String host, String backupId, int filesChecked, int archiveEntries) {}
