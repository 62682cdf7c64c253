package dev.greenlight.workflows.activities;

/** A backup's pin after a pin or unpin: {@code reason} now (null: unpinned) and before. */
public record PinResult(String host, String backupId, String reason, String previousReason) {}
