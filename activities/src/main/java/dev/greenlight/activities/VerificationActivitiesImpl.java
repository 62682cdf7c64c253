package dev.greenlight.activities;

import static dev.greenlight.workflows.activities.BackupActivities.VERIFICATION_FAILED;

import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Manifest;
import dev.greenlight.activities.backup.OffsiteCopier;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.CheckRecord;
import dev.greenlight.workflows.activities.RestoreTestRequest;
import dev.greenlight.workflows.activities.RestoreTestResult;
import dev.greenlight.workflows.activities.VerificationActivities;
import dev.greenlight.workflows.activities.VerificationCandidates;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled restore tests of this worker's catalogs. Each directory it verifies is remembered in
 * {@code seen} (the worker's freshness gauges watch those).
 */
public class VerificationActivitiesImpl implements VerificationActivities {

  private static final Logger log = LoggerFactory.getLogger(VerificationActivitiesImpl.class);

  private final WorkerHost host;
  private final Verifier verifier;
  private final OffsiteCopier offsite;
  private final Consumer<Path> seen;

  /**
   * @param seen told every catalog directory a verification reads
   */
  public VerificationActivitiesImpl(
      WorkerHost host, Verifier verifier, OffsiteCopier offsite, Consumer<Path> seen) {
    this.host = host;
    this.verifier = verifier;
    this.offsite = offsite;
    this.seen = seen;
  }

  @Override
  public VerificationCandidates candidates(CatalogRequest request) {
    Path directory = host.catalogFor(request.host(), request.directory());
    seen.accept(directory);
    List<VerificationCandidates.Candidate> backups =
        entries(directory).stream()
            .map(
                e -> {
                  BackupCheck last = e.manifest().lastCheck();
                  return new VerificationCandidates.Candidate(
                      e.id(),
                      e.finishedAt(),
                      last == null ? e.manifest().restoreTestedAt() : last.at(),
                      last == null ? null : last.copy(),
                      e.manifest().backup().offsite() != null);
                })
            .toList();
    return new VerificationCandidates(host.name(), directory.toString(), backups);
  }

  @Override
  public RestoreTestResult restoreTest(RestoreTestRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Path directory = host.catalogFor(request.host(), request.directory());
    Catalog.Entry entry = find(directory, request.backupId());
    Manifest manifest = entry.manifest();
    DatabaseTarget server = scratchServer(manifest, request);
    boolean offsiteCopy = BackupCheck.OFFSITE.equals(request.copy());
    Path download = null;
    try {
      BackupResult backup = entry.backup();
      if (offsiteCopy) {
        download = Files.createTempDirectory(directory, ".verify-" + request.backupId() + "-");
        backup = offsite.download(backup, download, bytes -> context.heartbeat(bytes));
      }
      List<TableCount> tables =
          manifest.baseline() == null ? List.of() : manifest.baseline().tables();
      verifier.checkArchive(backup, bytes -> context.heartbeat(bytes));
      Verifier.RestoredCounts restored =
          verifier.restoreAndCount(
              backup, server, request.scratchUrl(), tables, n -> context.heartbeat(n));
      int compared = 0;
      long rows = 0;
      for (TableCount table : tables) {
        Long count = restored.counts().get(table.schema() + "." + table.table());
        rows += count == null ? 0 : count;
        if (!table.exact()) {
          continue;
        }
        compared++;
        if (count == null || count != table.rows()) {
          return unsound(
              request,
              restored.restoreMillis(),
              "restore test: "
                  + table.schema()
                  + "."
                  + table.table()
                  + " has "
                  + (count == null ? "no" : String.format(Locale.ROOT, "%,d", count))
                  + " rows restored, the manifest's baseline "
                  + String.format(Locale.ROOT, "%,d", table.rows()));
        }
      }
      String note =
          manifest.baseline() == null
              ? "no baseline in manifest: checksums and restore only, row counts not compared"
              : compared + " tables match the manifest's baseline";
      log.info(
          "restore test of backup {} ({} copy) on host {}: {} ms, {}",
          request.backupId(),
          request.copy(),
          host.name(),
          restored.restoreMillis(),
          note);
      return new RestoreTestResult(
          request.backupId(),
          request.copy(),
          true,
          null,
          restored.restoreMillis(),
          compared,
          rows,
          note);
    } catch (ApplicationFailure failure) {
      if (VERIFICATION_FAILED.equals(failure.getType())) {
        return unsound(request, 0, failure.getOriginalMessage());
      }
      throw failure;
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot make a download directory in " + directory + ": " + e.getMessage(),
          CatalogActivities.UNREADABLE);
    } finally {
      if (download != null) {
        deleteQuietly(download);
      }
    }
  }

  @Override
  public void record(CheckRecord request) {
    Path directory = host.catalogFor(request.host(), request.directory());
    Catalog.Entry entry = find(directory, request.backupId());
    try {
      Catalog.recordCheck(entry.directory().resolve(Manifest.FILE), request.check());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot record the check of " + request.backupId() + ": " + e.getMessage(),
          CatalogActivities.UNREADABLE);
    }
  }

  /** The server of the scratch database: {@code --scratch-url}, else the backup's source. */
  private static DatabaseTarget scratchServer(Manifest manifest, RestoreTestRequest request) {
    DatabaseTarget source = manifest.source();
    if (source != null) {
      return source;
    }
    if (request.scratchUrl() != null) {
      return new DatabaseTarget(request.scratchUrl(), null, null, null);
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "backup "
            + request.backupId()
            + "'s manifest does not name the server it came from; give --scratch-url",
        NO_SCRATCH_SERVER);
  }

  private RestoreTestResult unsound(RestoreTestRequest request, long millis, String problem) {
    log.warn(
        "restore test of backup {} ({} copy) on host {} failed: {}",
        request.backupId(),
        request.copy(),
        host.name(),
        problem);
    return new RestoreTestResult(
        request.backupId(), request.copy(), false, problem, millis, 0, 0, null);
  }

  private static Catalog.Entry find(Path directory, String id) {
    return entries(directory).stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "no backup " + id + " in " + directory, CatalogActivities.NOT_FOUND));
  }

  private static List<Catalog.Entry> entries(Path directory) {
    try {
      return Catalog.list(directory);
    } catch (UncheckedIOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot read the catalog " + directory + ": " + e.getCause().getMessage(),
          CatalogActivities.UNREADABLE);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (var walk = Files.walk(directory)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("cannot delete the download {}: {}", directory, e.getMessage());
    }
  }
}
