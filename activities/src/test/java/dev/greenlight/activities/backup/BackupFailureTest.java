package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that cannot heal are non-retryable with a clear reason; every failure leaves nothing
 * registered and nothing half-written in the catalog directory.
 */
class BackupFailureTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @BeforeEach
  void schema() throws Exception {
    Fixtures.menuca(database);
  }

  @AfterEach
  void nothingHalfWrittenIsLeft() throws Exception {
    assertThat(Catalog.list(directory)).isEmpty();
    if (Files.isDirectory(directory)) {
      try (Stream<Path> children = Files.list(directory)) {
        assertThat(children.toList()).isEmpty();
      }
    }
  }

  @Test
  void pgDumpMissingCannotHeal() {
    BackupEngine engine =
        new BackupEngine(
            new PgTools(Path.of("/nonexistent/bin")), Backups.CONNECTOR, Clock.systemUTC());

    ApplicationFailure failure =
        Backups.failure(
            () ->
                engine.backup(Backups.request(database, Backups.pgDump(directory), "k"), b -> {}));

    assertThat(failure.getType()).isEqualTo(BackupActivities.TOOL_MISSING);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("pg_dump is not installed on the worker (looked in /nonexistent/bin/pg_dump)");
  }

  @Test
  void anUnwritableDirectoryCannotHeal() throws Exception {
    Path file = Files.writeString(directory.resolve("not-a-directory"), "x");
    BackupSpec spec = Backups.pgDump(file.resolve("backups"));

    ApplicationFailure failure = Backups.failure(() -> Backups.backup(database, spec));

    assertThat(failure.getType()).isEqualTo(BackupActivities.NOT_WRITABLE);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("the backup directory " + file.resolve("backups") + " is not writable");
    Files.delete(file);
  }

  @Test
  void theWrongDatabaseIsRefused() {
    DatabaseTarget wrong = new DatabaseTarget(database.url(), "postgres", null, "menuca");
    var request =
        new dev.greenlight.workflows.activities.BackupRequest(
            "k", "l", wrong, Backups.pgDump(directory), null);

    ApplicationFailure failure = Backups.failure(() -> Backups.engine().backup(request, b -> {}));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.WRONG_DATABASE);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void theDatabaseGoingAwayIsRetryable() {
    DatabaseTarget closed =
        new DatabaseTarget(
            "jdbc:postgresql://127.0.0.1:1/" + database.name(), "postgres", null, database.name());
    var request =
        new dev.greenlight.workflows.activities.BackupRequest(
            "k", "l", closed, Backups.pgDump(directory), null);

    ApplicationFailure failure = Backups.failure(() -> Backups.engine().backup(request, b -> {}));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.UNREACHABLE);
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void aCommandThatPrintsNoIdCannotHeal() {
    BackupSpec spec =
        new BackupSpec(
            "command",
            directory.toString(),
            null,
            null,
            null,
            List.of("/bin/echo", "backup done"),
            null,
            null,
            null);

    ApplicationFailure failure = Backups.failure(() -> Backups.backup(database, spec));

    assertThat(failure.getType()).isEqualTo(BackupActivities.BAD_COMMAND_OUTPUT);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "the backup command printed no JSON object with an \"id\" on its last line of output");
  }

  @Test
  void aFailingCommandIsRetryableWithItsError() {
    BackupSpec spec =
        new BackupSpec(
            "command",
            directory.toString(),
            null,
            null,
            null,
            List.of("/bin/sh", "-c", "echo 'provider: quota exceeded' >&2; exit 3"),
            null,
            null,
            null);

    ApplicationFailure failure = Backups.failure(() -> Backups.backup(database, spec));

    assertThat(failure.getType()).isEqualTo(BackupActivities.BACKUP_FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("the backup command exited with 3: provider: quota exceeded");
  }
}
