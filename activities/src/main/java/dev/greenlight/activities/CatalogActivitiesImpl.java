package dev.greenlight.activities;

import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Manifest;
import dev.greenlight.activities.backup.RetentionPolicy;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.PinRequest;
import dev.greenlight.workflows.activities.PinResult;
import dev.greenlight.workflows.activities.PruneDecision;
import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
                e -> {
                  Manifest manifest = e.manifest();
                  return new CatalogEntry(
                      host.holding(e.backup()),
                      manifest.verifiedAt(),
                      manifest.pin() == null ? null : manifest.pin().reason(),
                      manifest.lastCheck());
                })
            .toList();
    return new CatalogListing(host.name(), directory.toString(), backups);
  }

  @Override
  public ArchiveVerification verify(ArchiveRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Path directory = directory(request.host(), request.directory());
    Catalog.Entry entry = find(directory, request.backupId());
    BackupResult backup = entry.backup();
    Verifier.ArchiveCheck check;
    try {
      check = verifier.checkArchive(backup, bytes -> context.heartbeat(bytes));
    } catch (ApplicationFailure failure) {
      if (BackupActivities.VERIFICATION_FAILED.equals(failure.getType())) {
        verifier.markFailed(backup, failure.getOriginalMessage());
      }
      throw failure;
    }
    log.info("backup {} passed the offline check on host {}", request.backupId(), host.name());
    return new ArchiveVerification(
        host.name(), request.backupId(), check.files(), check.entries().size());
  }

  /**
   * Deletes what the policy does not keep. A retried attempt decides again (the policy keeps the
   * same backups after a partial deletion) and reports the ones earlier attempts deleted, which it
   * reads from their heartbeats.
   */
  @Override
  public PruneResult prune(PruneRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Path directory = directory(request.host(), request.directory());
    RetentionPolicy policy;
    try {
      policy =
          request.keep() != null
              ? RetentionPolicy.parse(request.keep())
              : RetentionPolicy.of(request.keepLast(), request.olderThan());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "--keep: " + e.getMessage() + "; nothing deleted", BAD_POLICY);
    }
    Catalog.PrunePlan plan;
    try {
      plan = Catalog.planPrune(directory, policy, Set.of(), clock.instant());
    } catch (UncheckedIOException e) {
      throw unreadable(directory, e.getCause());
    }
    List<PruneDecision> decisions = new ArrayList<>();
    if (request.delete()) {
      context
          .getHeartbeatDetails(PruneDecision[].class)
          .ifPresent(earlier -> decisions.addAll(List.of(earlier)));
    }
    for (Catalog.Decision decision : plan.decisions()) {
      String id = decision.entry().id();
      if (decision.keep() || !request.delete()) {
        decisions.add(new PruneDecision(id, decision.keep(), decision.reason()));
        continue;
      }
      boolean deleted;
      try {
        deleted = Catalog.delete(decision.entry());
      } catch (IOException e) {
        throw ApplicationFailure.newFailure(
            "cannot delete backup " + id + " in " + directory + ": " + e.getMessage(), UNREADABLE);
      }
      decisions.add(
          deleted
              ? new PruneDecision(id, false, decision.reason())
              : new PruneDecision(id, true, "pinned while the prune ran"));
      if (deleted) {
        log.info("pruned backup {} from {} on host {}", id, directory, host.name());
        context.heartbeat(decisions.stream().filter(d -> !d.keep()).toArray(PruneDecision[]::new));
      }
    }
    return new PruneResult(host.name(), directory.toString(), request.delete(), decisions);
  }

  @Override
  public PinResult pin(PinRequest request) {
    Path directory = directory(request.host(), request.directory());
    Catalog.Entry entry = find(directory, request.backupId());
    String before = entry.manifest().pin() == null ? null : entry.manifest().pin().reason();
    try {
      if (request.reason() != null) {
        Catalog.pin(directory, request.backupId(), request.reason(), clock.instant());
      } else if (before != null) {
        Catalog.unpin(directory, request.backupId());
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot record the pin of " + request.backupId() + ": " + e.getMessage(), UNREADABLE);
    }
    return new PinResult(host.name(), request.backupId(), request.reason(), before);
  }

  /** The catalog a request names, on this host; refuses a request meant for another host. */
  private Path directory(String requestedHost, String directory) {
    return host.catalogFor(requestedHost, directory);
  }

  private static Catalog.Entry find(Path directory, String id) {
    return entries(directory).stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "no backup " + id + " in " + directory, NOT_FOUND));
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
