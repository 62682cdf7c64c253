package dev.greenlight.workflows.activities;

/**
 * Restore-test {@code copy} ({@link BackupCheck#LOCAL} or {@link BackupCheck#OFFSITE}) of backup
 * {@code backupId} in a host's catalog (see {@link CatalogRequest}); into a throwaway database on
 * {@code scratchUrl}'s server, or, when null, on the server the backup was taken from.
 */
public record RestoreTestRequest(
    String host, String directory, String backupId, String copy, String scratchUrl) {}
