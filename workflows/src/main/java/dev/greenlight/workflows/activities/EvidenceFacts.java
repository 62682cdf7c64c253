package dev.greenlight.workflows.activities;

import java.time.Instant;

/**
 * What {@link BackupActivities#recheck} found: the database connected to and its server's system
 * identifier (null if the server does not say), and why the backup no longer holds (null: it holds,
 * or there was none to check).
 */
public record EvidenceFacts(
    String database, String systemIdentifier, String backupProblem, Instant checkedAt) {}
