package dev.greenlight.activities;

import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's backup catalog. A directory in a request is a path on this worker's disk, relative
 * ones resolved against its working directory; none means its default catalog.
 */
public class CatalogActivitiesImpl implements CatalogActivities {

  private static final Logger log = LoggerFactory.getLogger(CatalogActivitiesImpl.class);

  private final WorkerHost host;
  private final Verifier verifier;
  private final Clock clock;

  public CatalogActivitiesImpl(WorkerHost host, Verifier verifier, Clock clock) {
    this.host = host;
    this.verifier = verifier;
    this.clock = clock;
  }

  @Override
  public CatalogListing list(CatalogRequest request) {
    Path directory = directory(request.host(), request.directory());
    List<CatalogEntry> backups =
        entries(directory).stream()
            .map(
                e ->
                    new CatalogEntry(
                        host.holding(e.manifest().backup()), e.manifest().verifiedAt()))
            .toList();
    return new CatalogListing(host.name(), directory.toString(), backups);
  }

  @Override
  public ArchiveVerification verify(ArchiveRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Path directory = directory(request.host(), request.directory());
    Catalog.Entry entry =
        entries(directory).stream()
            .filter(e -> e.id().equals(request.backupId()))
            .findFirst()
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no backup " + request.backupId() + " in " + directory, NOT_FOUND));
    Verifier.ArchiveCheck check =
        verifier.checkArchive(entry.manifest().backup(), bytes -> context.heartbeat(bytes));
    log.info("backup {} passed the offline check on host {}", request.backupId(), host.name());
    return new ArchiveVerification(
        host.name(), request.backupId(), check.files(), check.entries().size());
  }

  /**
   * Deletes what the rule selects. A retried attempt recomputes the same set (the rule keeps the
   * same newest backups after a partial deletion) and reports the ones earlier attempts deleted,
   * which it reads from their heartbeats.
   */
  @Override
  public PruneResult prune(PruneRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Path directory = directory(request.host(), request.directory());
    Catalog.PrunePlan plan;
    try {
      plan = Catalog.planPrune(directory, request.keepLast(), request.olderThan(), clock.instant());
    } catch (UncheckedIOException e) {
      throw unreadable(directory, e.getCause());
    }
    Set<String> deleted = new LinkedHashSet<>();
    if (request.delete()) {
      context
          .getHeartbeatDetails(String[].class)
          .ifPresent(earlier -> deleted.addAll(List.of(earlier)));
      for (Catalog.Entry entry : plan.delete()) {
        try {
          Catalog.delete(entry);
        } catch (IOException e) {
          throw ApplicationFailure.newFailure(
              "cannot delete backup " + entry.id() + " in " + directory + ": " + e.getMessage(),
              UNREADABLE);
        }
        deleted.add(entry.id());
        context.heartbeat(deleted.toArray(String[]::new));
        log.info("pruned backup {} from {} on host {}", entry.id(), directory, host.name());
      }
    }
    List<String> delete = new ArrayList<>(deleted);
    plan.delete().stream()
        .map(Catalog.Entry::id)
        .filter(id -> !deleted.contains(id))
        .forEach(delete::add);
    return new PruneResult(
        host.name(),
        directory.toString(),
        request.delete(),
        delete,
        plan.keep().stream().map(Catalog.Entry::id).toList(),
        plan.protectedEntry() == null ? null : plan.protectedEntry().id());
  }

  /** The catalog a request names, on this host; refuses a request meant for another host. */
  private Path directory(String requestedHost, String directory) {
    if (requestedHost != null && !requestedHost.equals(host.name())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this is the worker on host "
              + host.name()
              + "; the request was for host "
              + requestedHost,
          WRONG_HOST);
    }
    return directory == null || directory.isBlank()
        ? host.catalog()
        : Path.of(directory).toAbsolutePath().normalize();
  }

  private static List<Catalog.Entry> entries(Path directory) {
    try {
      return Catalog.list(directory);
    } catch (UncheckedIOException e) {
      throw unreadable(directory, e.getCause());
    }
  }

  private static ApplicationFailure unreadable(Path directory, IOException e) {
    return ApplicationFailure.newNonRetryableFailure(
        "cannot read the catalog " + directory + ": " + e.getMessage(), UNREADABLE);
  }
}
