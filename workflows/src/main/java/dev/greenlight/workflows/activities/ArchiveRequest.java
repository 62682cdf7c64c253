package dev.greenlight.workflows.activities;

/**
 * One backup in a host's catalog (see {@link CatalogRequest} for {@code host} and {@code
 * directory}).
 */
public record ArchiveRequest(String host, String directory, String backupId) {}
