package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Manifest;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.status.BackupResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freshness gauges on the worker's Prometheus endpoint, scraped over HTTP: the newest backup's
 * age and when a verification last passed, per watched catalog; a backup whose last check failed no
 * longer counts as verified.
 */
class BackupGaugesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir Path catalog;

  @Test
  void theEndpointShowsTheNewestAgeAndTheLastPassedVerificationPerCatalog() throws Exception {
    Instant verified = Instant.parse("2026-12-01T03:00:00Z");
    manifest("older", NOW.minus(Duration.ofDays(2)), verified, null);
    Path newest = manifest("newest", NOW.minus(Duration.ofHours(5)), null, null);
    try (Metrics metrics = Metrics.start("127.0.0.1", 0, Duration.ofMillis(100))) {
      BackupGauges gauges = new BackupGauges(metrics.registry(), Clock.fixed(NOW, ZoneOffset.UTC));
      gauges.watch(catalog);
      gauges.watch(catalog.resolve("."));

      String scraped = scrape(metrics.port());
      assertThat(value(scraped, BackupGauges.NEWEST_AGE)).isEqualTo(5 * 3600.0);
      assertThat(value(scraped, BackupGauges.LAST_VERIFIED)).isEqualTo(verified.getEpochSecond());
      assertThat(scraped).contains("directory=\"" + catalog.toAbsolutePath() + "\"");

      Catalog.recordCheck(
          newest.resolve(Manifest.FILE),
          new BackupCheck(NOW, true, BackupCheck.LOCAL, 1000L, "restored"));
      assertThat(value(scrape(metrics.port()), BackupGauges.LAST_VERIFIED))
          .isEqualTo(NOW.getEpochSecond());

      Catalog.recordCheck(
          newest.resolve(Manifest.FILE),
          new BackupCheck(NOW, false, BackupCheck.LOCAL, null, "checksum mismatch"));
      assertThat(value(scrape(metrics.port()), BackupGauges.LAST_VERIFIED))
          .as("a failed backup is not a verified one")
          .isEqualTo(verified.getEpochSecond());
    }
  }

  private Path manifest(String id, Instant finished, Instant verifiedAt, BackupCheck check)
      throws Exception {
    Path dir = Files.createDirectories(catalog.resolve(id));
    BackupResult backup =
        new BackupResult(
            id,
            "test",
            "pg_dump",
            "db",
            dir.resolve("archive.dump").toString(),
            dir.resolve(Manifest.FILE).toString(),
            "custom",
            2048,
            "0".repeat(64),
            List.of(),
            "15",
            "15",
            finished.minusSeconds(60),
            finished,
            null,
            null,
            null);
    new Manifest(1, "key-" + id, backup, List.of(), null, verifiedAt)
        .write(dir.resolve(Manifest.FILE));
    return dir;
  }

  private static double value(String scraped, String name) {
    Matcher match = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(scraped);
    assertThat(match.find()).as(scraped).isTrue();
    double value = Double.parseDouble(match.group(1));
    assertThat(match.find()).as("one series per catalog").isFalse();
    return value;
  }

  private static String scrape(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
