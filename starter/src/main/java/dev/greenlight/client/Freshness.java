package dev.greenlight.client;

import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code greenlight backups check}: a catalog is fresh when a backup newer than the maximum age has
 * passed a verification and has not failed a check since, and the newest backup did not fail its
 * last check.
 */
public final class Freshness {

  private Freshness() {}

  /** Why the catalog is not fresh, in one line, or null when it is. */
  public static String problem(CatalogListing listing, Instant now, Duration maxAge) {
    String where = listing.directory() + " on host " + listing.host();
    if (listing.backups().isEmpty()) {
      return "no backups in " + where;
    }
    CatalogEntry newest = listing.backups().get(0);
    if (newest.failed()) {
      return "the newest backup "
          + newest.backup().id()
          + " failed its last check at "
          + newest.lastCheck().at()
          + ": "
          + OneLine.of(String.valueOf(newest.lastCheck().detail()));
    }
    Instant since = now.minus(maxAge);
    if (newestVerified(listing).filter(e -> e.backup().finishedAt().isAfter(since)).isEmpty()) {
      return "no verified backup newer than "
          + Durations.format(maxAge)
          + " in "
          + where
          + newestVerified(listing)
              .map(
                  e ->
                      "; the newest verified is "
                          + e.backup().id()
                          + ", "
                          + Durations.format(Duration.between(e.backup().finishedAt(), now))
                          + " old")
              .orElse("; none is verified");
    }
    return null;
  }

  /** One line for a fresh catalog. */
  public static String fine(CatalogListing listing, Instant now) {
    CatalogEntry verified = newestVerified(listing).orElseThrow();
    return "fresh: "
        + verified.backup().id()
        + " is "
        + Durations.format(Duration.between(verified.backup().finishedAt(), now))
        + " old, verified at "
        + verified.verifiedAt();
  }

  private static Optional<CatalogEntry> newestVerified(CatalogListing listing) {
    return listing.backups().stream()
        .filter(e -> e.verifiedAt() != null && !e.failed())
        .findFirst();
  }
}
