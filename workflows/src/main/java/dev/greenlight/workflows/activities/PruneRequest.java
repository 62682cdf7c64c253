package dev.greenlight.workflows.activities;

import java.time.Duration;

/**
 * Which backups of a host's catalog to delete. {@code keep} is a retention policy such as {@code
 * daily=14,weekly=12,monthly=12} (empty: delete nothing); otherwise {@code keepLast} and/or {@code
 * olderThan} (both given: only backups matching both go). Pinned, newest verified and newest
 * restore-tested backups are always kept. {@code delete} false is a dry run. See {@link
 * CatalogRequest} for {@code host} and {@code directory}.
 */
public record PruneRequest(
    String host,
    String directory,
    String keep,
    Integer keepLast,
    Duration olderThan,
    boolean delete) {}
