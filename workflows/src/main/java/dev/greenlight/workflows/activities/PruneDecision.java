package dev.greenlight.workflows.activities;

/** One backup's verdict in a prune: kept or deleted (or to delete, in a dry run), and why. */
public record PruneDecision(String backupId, boolean keep, String reason) {}
