package dev.greenlight.activities.backup;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupEncryption;
import dev.greenlight.workflows.status.BackupResult;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a catalogued backup back into a database with {@code pg_restore --clean --if-exists}:
 * objects the backup contains are replaced, others are left alone. The emergency backup of the
 * target that comes first is a step of its own (a backup activity, encrypted with the source's
 * keyset when the source is encrypted), so it is kept and recorded whatever the restore does.
 */
public final class Restorer {

  private final PgTools tools;
  private final DatabaseConnector connector;
  private final BackupKeys keys;

  /** A restorer reading keysets from the environment. */
  public Restorer(PgTools tools, DatabaseConnector connector) {
    this(tools, connector, new BackupKeys(System::getenv));
  }

  public Restorer(PgTools tools, DatabaseConnector connector, BackupKeys keys) {
    this.tools = tools;
    this.connector = connector;
    this.keys = keys;
  }

  /**
   * Restores {@code backup} into {@code target}; returns how long it took in milliseconds.
   *
   * <p>An encrypted backup is decrypted as pg_restore reads it (one job: a stream cannot be read in
   * parallel). A keyset that lacks the backup's key fails before anything is touched.
   *
   * @param progress told while pg_restore runs (a heartbeat); may throw to stop it
   * @throws RestoreException with a one-line reason when decryption or pg_restore fails
   */
  public long restore(BackupResult backup, DatabaseTarget target, BackupEngine.Progress progress)
      throws IOException, InterruptedException {
    BackupEncryption encryption = backup.encryption();
    if (encryption != null) {
      keys.openArchive(backup).close();
    }
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
                + e.getMessage());
      }
    }
    if (result.exitCode() != 0) {
      throw new RestoreException(
          "pg_restore failed: " + Redaction.redact(result.lastError(), libpq.password()));
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A restore that failed. */
  public static final class RestoreException extends RuntimeException {
    RestoreException(String message) {
      super(message);
    }
  }
}
