package dev.greenlight.activities.backup;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.status.BackupEncryption;
import dev.greenlight.workflows.status.BackupResult;
import java.io.IOException;
import java.io.InputStream;
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
  private final BackupKeys keys;

  /** A restorer reading keysets from the environment. */
  public Restorer(PgTools tools, DatabaseConnector connector, Clock clock) {
    this(tools, connector, clock, new BackupKeys(System::getenv));
  }

  public Restorer(PgTools tools, DatabaseConnector connector, Clock clock, BackupKeys keys) {
    this.tools = tools;
    this.connector = connector;
    this.engine = new BackupEngine(tools, connector, clock, keys, OffsiteCopier.standard(clock));
    this.clock = clock;
    this.keys = keys;
  }

  /**
   * Restores {@code backup} into {@code target}, after backing {@code target} up into {@code
   * catalog}.
   *
   * <p>An encrypted backup is decrypted as pg_restore reads it (one job: a stream cannot be read in
   * parallel), and the emergency backup is encrypted with the same keyset. A keyset that lacks the
   * backup's key fails before anything is touched.
   *
   * @throws RestoreException with a one-line reason when pg_restore fails; the emergency backup is
   *     kept either way
   */
  public Outcome restore(
      BackupResult backup, DatabaseTarget target, Path catalog, BackupEngine.Progress progress)
      throws IOException, InterruptedException {
    BackupEncryption encryption = backup.encryption();
    if (encryption != null) {
      keys.openArchive(backup).close();
    }
    BackupResult emergency =
        engine.backup(
            new BackupRequest(
                "restore/" + backup.id() + "/" + clock.instant(),
                target.expectDatabase() + "-before-restore-of-" + backup.id(),
                target,
                new BackupSpec(
                    "pg_dump",
                    catalog.toString(),
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    encryption == null ? null : EncryptSpec.ofSource(encryption.keyset()),
                    null),
                null),
            progress);
    Libpq libpq = Libpq.of(target, connector.password(target));
    List<String> command = new ArrayList<>();
    command.add(tools.program("pg_restore"));
    command.addAll(libpq.serverArguments());
    command.add(libpq.databaseArgument());
    if (encryption == null) {
      command.add("--jobs=" + BackupEngine.defaultJobs());
    }
    command.add("--clean");
    command.add("--if-exists");
    command.add("--no-owner");
    command.add("--no-privileges");
    command.add("--exit-on-error");
    long start = System.nanoTime();
    Processes.Result result;
    if (encryption == null) {
      command.add(backup.location());
      result =
          Processes.run(
              command, libpq.environment(), () -> progress.report(0), Duration.ofSeconds(5));
    } else {
      try (InputStream plaintext = keys.openArchive(backup)) {
        result =
            Processes.run(
                command,
                libpq.environment(),
                () -> progress.report(0),
                Duration.ofSeconds(5),
                plaintext,
                null);
      } catch (Processes.StreamFailure e) {
        throw new RestoreException(
            "cannot decrypt "
                + backup.location()
                + " with key "
                + encryption.keyId()
                + ": "
                + e.getMessage()
                + " (the emergency backup "
                + emergency.id()
                + " is in "
                + catalog
                + ")",
            emergency);
      }
    }
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
