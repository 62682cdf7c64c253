package dev.greenlight.worker;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Libpq;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.Restorer;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * {@code greenlight restore} as it runs today: in the CLI's process, from a catalog on this
 * machine, with no gate and no record. Kept behind this one entry point until restore becomes a
 * gated workflow on the worker that holds the backup.
 */
public final class LocalRestore {

  /** What to restore where. {@code passwordEnv} names the variable holding the password. */
  public record Request(
      Path catalog, String backupId, String url, String user, String passwordEnv, boolean yes) {}

  /** A restore that did not happen or failed; {@code notFound}: no such backup. */
  public static final class Failure extends RuntimeException {
    private final boolean notFound;
    private final boolean notConfirmed;

    Failure(String message, boolean notFound, boolean notConfirmed) {
      super(message);
      this.notFound = notFound;
      this.notConfirmed = notConfirmed;
    }

    public boolean notFound() {
      return notFound;
    }

    /** Nothing was done because {@code --yes} was not given. */
    public boolean notConfirmed() {
      return notConfirmed;
    }
  }

  private LocalRestore() {}

  /** Prints the plan; with {@code yes}, takes the emergency backup and restores. */
  public static void run(Request request, UnaryOperator<String> environment, PrintWriter out)
      throws Exception {
    Path directory = request.catalog();
    Catalog.Entry entry =
        Catalog.find(directory, request.backupId())
            .orElseThrow(
                () ->
                    new Failure(
                        "no backup " + request.backupId() + " in " + directory, true, false));
    BackupResult backup = entry.manifest().backup();
    String database = Libpq.parse(request.url(), request.user(), null).database();
    DatabaseTarget target =
        new DatabaseTarget(request.url(), request.user(), request.passwordEnv(), database);
    out.println(
        "Will restore backup "
            + request.backupId()
            + " (database "
            + backup.database()
            + ", "
            + Sizes.bytes(backup.bytes())
            + ", taken "
            + backup.finishedAt()
            + ")");
    out.println(
        "  into "
            + DatabaseConnector.redact(request.url())
            + ", replacing the objects the backup contains,");
    out.println(
        "  after an emergency backup of " + database + " into " + directory.toAbsolutePath() + ".");
    if (!request.yes()) {
      throw new Failure("nothing done: add --yes to restore", false, true);
    }
    Restorer restorer =
        new Restorer(
            PgTools.fromEnvironment(environment),
            new DatabaseConnector(environment),
            Clock.systemUTC());
    try {
      Restorer.Outcome outcome = restorer.restore(backup, target, directory, bytes -> {});
      out.println(
          "emergency backup "
              + outcome.emergencyBackup().id()
              + " taken ("
              + Sizes.bytes(outcome.emergencyBackup().bytes())
              + ")");
      out.println(
          "restored "
              + request.backupId()
              + " into "
              + database
              + " in "
              + outcome.restoreMillis()
              + " ms");
    } catch (ApplicationFailure failure) {
      throw new Failure(
          "restore stopped before it began: " + failure.getOriginalMessage(), false, false);
    } catch (Restorer.RestoreException failure) {
      throw new Failure(failure.getMessage(), false, false);
    }
  }
}
