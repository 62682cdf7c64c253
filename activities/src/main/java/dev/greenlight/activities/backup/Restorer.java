package dev.greenlight.activities.backup;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a catalogued backup back into a database: first an emergency backup of the target's current
 * state (so the restore itself can be undone), then {@code pg_restore --clean}.
 */
public final class Restorer {

  /** What a restore did: the emergency backup it took first, and how long the restore took. */
  public record Outcome(BackupResult emergencyBackup, long restoreMillis) {}

  private final PgTools tools;
  private final DatabaseConnector connector;
  private final BackupEngine engine;
  private final Clock clock;

  public Restorer(PgTools tools, DatabaseConnector connector, Clock clock) {
    this.tools = tools;
    this.connector = connector;
    this.engine = new BackupEngine(tools, connector, clock);
    this.clock = clock;
  }

  /**
   * Restores {@code backup} into {@code target}, after backing {@code target} up into {@code
   * catalog}.
   *
   * @throws RestoreException with a one-line reason when pg_restore fails; the emergency backup is
   *     kept either way
   */
  public Outcome restore(
      BackupResult backup, DatabaseTarget target, Path catalog, BackupEngine.Progress progress)
      throws IOException, InterruptedException {
    BackupResult emergency =
        engine.backup(
            new BackupRequest(
                "restore/" + backup.id() + "/" + clock.instant(),
                target.expectDatabase() + "-before-restore-of-" + backup.id(),
                target,
                new BackupSpec("pg_dump", catalog.toString(), null, null, null, List.of(), null),
                null),
            progress);
    Libpq libpq = Libpq.of(target, connector.password(target));
    List<String> command = new ArrayList<>();
    command.add(tools.program("pg_restore"));
    command.addAll(libpq.serverArguments());
    command.add(libpq.databaseArgument());
    command.add("--jobs=" + BackupEngine.defaultJobs());
    command.add("--clean");
    command.add("--if-exists");
    command.add("--no-owner");
    command.add("--no-privileges");
    command.add("--exit-on-error");
    command.add(backup.location());
    long start = System.nanoTime();
    Processes.Result result =
        Processes.run(
            command, libpq.environment(), () -> progress.report(0), Duration.ofSeconds(5));
    if (result.exitCode() != 0) {
      throw new RestoreException(
          "pg_restore failed: "
              + Redaction.redact(result.lastError(), libpq.password())
              + " (the emergency backup "
              + emergency.id()
              + " is in "
              + catalog
              + ")",
          emergency);
    }
    return new Outcome(emergency, (System.nanoTime() - start) / 1_000_000);
  }

  /** A restore that failed after its emergency backup was taken. */
  public static final class RestoreException extends RuntimeException {
    private final transient BackupResult emergencyBackup;

    RestoreException(String message, BackupResult emergencyBackup) {
      super(message);
      this.emergencyBackup = emergencyBackup;
    }

    public BackupResult emergencyBackup() {
      return emergencyBackup;
    }
  }
}
