package dev.greenlight.activities.backup;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;

/** Shared set-up for backup tests: an engine and verifier on the real tools, and requests. */
final class Backups {

  static final PgTools TOOLS = new PgTools(null);
  static final DatabaseConnector CONNECTOR = new DatabaseConnector(name -> null);

  private Backups() {}

  static BackupEngine engine() {
    return new BackupEngine(TOOLS, CONNECTOR, Clock.systemUTC());
  }

  static Verifier verifier() {
    return new Verifier(TOOLS, CONNECTOR, Clock.systemUTC());
  }

  static BackupSpec pgDump(Path directory) {
    return new BackupSpec(
        "pg_dump", directory.toString(), null, null, null, List.of(), null, null, null);
  }

  static BackupRequest request(TestDatabase database, BackupSpec spec, String key) {
    return new BackupRequest(key, "test-pre-menuca", database.target(), spec, null);
  }

  static BackupResult backup(TestDatabase database, BackupSpec spec) {
    return engine().backup(request(database, spec, "wf/run/backup/0"), bytes -> {});
  }

  static VerificationResult verify(
      TestDatabase database, BackupResult backup, BaselineResult baseline, boolean restore) {
    return verifier()
        .verify(
            new VerifyRequest(
                backup,
                new VerifyBackupSpec(restore, null, null, null),
                database.target(),
                baseline),
            progress -> {});
  }

  static BaselineResult baseline(long sizeBytes, TableCount... tables) {
    return new BaselineResult("db", sizeBytes, 0, 0, List.of(tables), Instant.now());
  }

  static ApplicationFailure failure(Runnable action) {
    Throwable thrown = Assertions.catchThrowable(action::run);
    Assertions.assertThat(thrown).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown;
  }
}
