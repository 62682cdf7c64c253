package dev.greenlight.worker;

import dev.greenlight.activities.backup.Catalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Freshness of the backup catalogs a worker watches, as Prometheus gauges read from the manifests
 * at each scrape, one series per {@code directory}:
 *
 * <ul>
 *   <li>{@code greenlight_backup_last_verified_timestamp_seconds}: when a verification of a backup
 *       that has not failed its latest check last passed (Unix seconds; NaN: none).
 *   <li>{@code greenlight_backup_newest_age_seconds}: how old the newest backup is (NaN: none).
 * </ul>
 *
 * Watched: the worker's default catalog, each {@code --catalog DIR}, and every directory a
 * scheduled verification has read since the worker started.
 */
public final class BackupGauges {

  static final String LAST_VERIFIED = "greenlight_backup_last_verified_timestamp_seconds";
  static final String NEWEST_AGE = "greenlight_backup_newest_age_seconds";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Set<Path> watched = ConcurrentHashMap.newKeySet();

  public BackupGauges(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Watches {@code directory} from now on (again: nothing changes). */
  public void watch(Path directory) {
    Path normalized = directory.toAbsolutePath().normalize();
    if (!watched.add(normalized)) {
      return;
    }
    String tag = normalized.toString();
    Gauge.builder(LAST_VERIFIED, normalized, BackupGauges::lastVerified)
        .description("When a verification of a backup that has not failed its last check passed")
        .tag("directory", tag)
        .register(registry);
    Gauge.builder(NEWEST_AGE, normalized, this::newestAge)
        .description("Age of the newest backup in the catalog")
        .tag("directory", tag)
        .register(registry);
  }

  /** The directories watched. */
  public Set<Path> watched() {
    return Set.copyOf(watched);
  }

  static double lastVerified(Path directory) {
    return entries(directory).stream()
        .filter(e -> !e.manifest().failed() && e.manifest().verifiedAt() != null)
        .map(e -> e.manifest().verifiedAt())
        .max(Instant::compareTo)
        .map(at -> at.toEpochMilli() / 1000.0)
        .orElse(Double.NaN);
  }

  private double newestAge(Path directory) {
    List<Catalog.Entry> entries = entries(directory);
    return entries.isEmpty()
        ? Double.NaN
        : (clock.millis() - entries.get(0).finishedAt().toEpochMilli()) / 1000.0;
  }

  private static List<Catalog.Entry> entries(Path directory) {
    try {
      return Catalog.list(directory);
    } catch (UncheckedIOException e) {
      return List.of();
    }
  }
}
