package dev.greenlight.workflows.activities;

import java.util.List;

/**
 * A catalog as the worker on {@code host} read it: its absolute {@code directory} there, and its
 * backups newest first, each naming that host's queue in {@code taskQueue}.
 */
public record CatalogListing(String host, String directory, List<CatalogEntry> backups) {

  public CatalogListing {
    backups = backups == null ? List.of() : List.copyOf(backups);
  }
}
