package dev.greenlight.workflows.activities;

/**
 * Pins backup {@code backupId} of a host's catalog with {@code reason} (no prune deletes it), or
 * with {@code reason} null unpins it. See {@link CatalogRequest} for {@code host} and {@code
 * directory}.
 */
public record PinRequest(String host, String directory, String backupId, String reason) {}
