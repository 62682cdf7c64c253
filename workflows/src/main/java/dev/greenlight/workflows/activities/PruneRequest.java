package dev.greenlight.workflows.activities;

import java.time.Duration;

/**
 * Which backups of a host's catalog to delete: beyond the newest {@code keepLast}, and/or finished
 * longer than {@code olderThan} ago (both given: only those matching both). {@code delete} false is
 * a dry run. See {@link CatalogRequest} for {@code host} and {@code directory}.
 */
public record PruneRequest(
    String host, String directory, Integer keepLast, Duration olderThan, boolean delete) {}
