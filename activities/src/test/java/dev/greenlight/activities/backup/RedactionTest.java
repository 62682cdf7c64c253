package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a failing child process prints becomes the step's failure reason, and so the history, the
 * status and the worker's log: the password it was given never does.
 */
class RedactionTest {

  private static final String PASSWORD = "hunter2-Zq9";

  @RegisterExtension final TestDatabase database = new TestDatabase();

  @Test
  void aCommandBackupPrintingItsConnectionStringFailsWithoutThePassword() {
    DatabaseTarget target =
        new DatabaseTarget(database.url(), "postgres", "GL_TEST_PASSWORD", database.name());
    BackupEngine engine =
        new BackupEngine(
            Backups.TOOLS,
            new DatabaseConnector(name -> name.equals("GL_TEST_PASSWORD") ? PASSWORD : null),
            Clock.systemUTC());
    BackupSpec spec =
        new BackupSpec(
            "command",
            null,
            null,
            null,
            null,
            List.of(
                "sh",
                "-c",
                "echo starting >&2; echo \"provider: cannot connect to"
                    + " postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE"
                    + " (password=$PGPASSWORD, also $PGPASSWORD)\" >&2; exit 3"),
            null);

    ApplicationFailure failure =
        Backups.failure(
            () ->
                engine.backup(
                    new BackupRequest("wf/run/backup/0", "test-pre-x", target, spec, null),
                    bytes -> {}));

    assertThat(failure.getType()).isEqualTo(BackupActivities.BACKUP_FAILED);
    assertThat(failure.getOriginalMessage())
        .startsWith("the backup command exited with 3: provider: cannot connect to postgresql://")
        .contains("postgres:***@", "password=***", "also ***")
        .doesNotContain(PASSWORD);
  }

  @Test
  void passwordsTheWorkerWasNotGivenAreMaskedToo() {
    assertThat(
            Redaction.redact(
                "pg_restore: error: connection to \"postgres://app:s3cr%40t@db:5432/x\" failed;"
                    + " host=db sslpassword='x y' PGPASSWORD=abc",
                null))
        .isEqualTo(
            "pg_restore: error: connection to \"postgres://app:***@db:5432/x\" failed;"
                + " host=db sslpassword=*** PGPASSWORD=***");
    assertThat(Redaction.redact("nothing secret here: user@host", ""))
        .isEqualTo("nothing secret here: user@host");
  }
}
