package dev.greenlight.activities;

import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Restorer;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.RestoreRequest;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.RestoreCleanup;
import dev.greenlight.workflows.status.RestoreResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores from this worker's catalog, heartbeating while pg_restore runs. */
public class RestoreActivitiesImpl implements RestoreActivities {

  private static final Logger log = LoggerFactory.getLogger(RestoreActivitiesImpl.class);

  private final WorkerHost host;
  private final Restorer restorer;
  private final Verifier verifier;
  private final Clock clock;

  public RestoreActivitiesImpl(WorkerHost host, Restorer restorer, Verifier verifier, Clock clock) {
    this.host = host;
    this.restorer = restorer;
    this.verifier = verifier;
    this.clock = clock;
  }

  @Override
  public RestoreResult restore(RestoreRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    if (request.host() != null && !request.host().equals(host.name())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this is the worker on host "
              + host.name()
              + "; the restore was for host "
              + request.host(),
          CatalogActivities.WRONG_HOST);
    }
    Path directory =
        request.directory() == null
            ? host.catalog()
            : Path.of(request.directory()).toAbsolutePath().normalize();
    BackupResult backup =
        Catalog.find(directory, request.backupId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no backup " + request.backupId() + " in " + directory,
                        CatalogActivities.NOT_FOUND))
            .backup();
    String database = request.target().expectDatabase();
    // read before anything is touched: an archive pg_restore cannot list is not restored
    List<String> entries = verifier.listArchive(backup);
    long millis;
    RestoreCleanup cleanup;
    try {
      cleanup = restorer.prepare(entries, request.target(), request.historyTables());
      millis = restorer.restore(backup, request.target(), bytes -> context.heartbeat(bytes));
    } catch (Restorer.BlockedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "nothing restored: " + e.getMessage(), RESTORE_BLOCKED);
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "nothing restored: could not read the target or drop the history tables the backup"
              + " lacks: "
              + e.getMessage(),
          RESTORE_NOT_STARTED);
    } catch (Restorer.RestoreException e) {
      throw ApplicationFailure.newFailure(e.getMessage(), RESTORE_FAILED);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run pg_restore: " + e.getMessage(), BackupActivities.TOOL_MISSING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while restoring", RESTORE_FAILED);
    }
    log.info(
        "restored {} into {} on host {} in {} ms; history dropped {}, kept {}; not in the backup {}",
        backup.id(),
        database,
        host.name(),
        millis,
        cleanup.droppedHistory(),
        cleanup.keptHistory(),
        cleanup.notInBackup());
    return new RestoreResult(
        backup.id(), host.name(), database, null, millis, clock.instant(), cleanup);
  }
}
