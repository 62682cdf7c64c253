package dev.greenlight.activities.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.FileState;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One file through Flyway on the real PostgreSQL: applied once and only once, outside a transaction
 * when it must be, and every failure one line naming the file, the line and PostgreSQL's message.
 */
class MigratorTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();

  @BeforeEach
  void schema() throws Exception {
    Fixtures.menuca(database);
  }

  @Test
  void aFileIsAppliedOnceAndThenFoundInTheHistory() throws Exception {
    ChangeFile file =
        Changes.file(
            "V1__combo_items.sql",
            "create table menuca_v3.combo_items (id int primary key, group_id int);\n"
                + "insert into menuca_v3.combo_items select g, g from generate_series(1, 10) g;\n");

    AppliedFile first = Changes.apply(database, file);
    AppliedFile again = Changes.apply(database, file);

    assertThat(first.state()).isEqualTo(FileState.APPLIED);
    assertThat(first.statements()).isEqualTo(2);
    assertThat(again.state()).isEqualTo(FileState.ALREADY_APPLIED);
    assertThat(Changes.count(database, "select count(*) from menuca_v3.combo_items")).isEqualTo(10);
    assertThat(Changes.history(database, "flyway_schema_history")).containsExactly("1:true");
  }

  @Test
  void createIndexConcurrentlyRunsOutsideATransaction() throws Exception {
    ChangeFile file =
        Changes.file(
            "V1__indexes.sql",
            "create index concurrently orders_total on menuca_v3.orders (total);\n"
                + "create index concurrently restaurants_name on menuca_v3.\"Restaurants\" (name);\n");

    assertThat(Changes.apply(database, file).state()).isEqualTo(FileState.APPLIED);
    assertThat(
            Changes.count(
                database, "select count(*) from pg_indexes where schemaname = 'menuca_v3'"))
        .isEqualTo(5);
  }

  @Test
  void aSyntaxErrorNamesTheFileTheLineAndPostgresMessage() throws Exception {
    ChangeFile file =
        Changes.file(
            "V1__policies.sql",
            "alter table menuca_v3.orders enable row level security;\n\n"
                + "create polcy by_total on menuca_v3.orders using (total > 0);\n");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> Changes.apply(database, file));

    assertThat(failure.getType()).isEqualTo(ChangeActivities.MIGRATION_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("V1__policies.sql, line 3: syntax error at or near \"polcy\"")
        .doesNotContain("\n");
    assertThat(Changes.history(database, "flyway_schema_history")).doesNotContain("1:true");
  }

  @Test
  void aConstraintViolationHalfwayRollsTheWholeFileBack() throws Exception {
    ChangeFile file =
        Changes.file(
            "V1__fix.sql",
            "insert into menuca_v3.\"Restaurants\" values (100, 'new');\n"
                + "insert into menuca_v3.\"Restaurants\" values (1, 'duplicate');\n");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> Changes.apply(database, file));

    assertThat(failure.getOriginalMessage())
        .startsWith(
            "V1__fix.sql, line 2: duplicate key value violates unique constraint \"Restaurants_pkey\"");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(Changes.count(database, "select count(*) from menuca_v3.\"Restaurants\""))
        .isEqualTo(3);
  }

  @Test
  void aLockHeldByAnotherConnectionTimesOutInsteadOfQueueing() throws Exception {
    ChangeFile file =
        Changes.file("V1__add_column.sql", "alter table menuca_v3.orders add column note text;\n");
    try (Connection busy = database.connect()) {
      busy.setAutoCommit(false);
      busy.createStatement().execute("lock table menuca_v3.orders in access share mode");
      long started = System.nanoTime();

      ApplicationFailure failure =
          catchThrowableOfType(
              ApplicationFailure.class,
              () -> Changes.apply(database, file, Duration.ofMillis(300)));

      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
      assertThat(failure.getType()).isEqualTo(ChangeActivities.LOCK_TIMEOUT);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage())
          .isEqualTo(
              "V1__add_column.sql, line 1: canceling statement due to lock timeout"
                  + " (waited longer than the lock timeout, 300ms)");
      busy.rollback();
    }
    assertThat(Changes.apply(database, file).state()).isEqualTo(FileState.APPLIED);
  }

  @Test
  void anEditedFileThatWasAppliedIsRefused() throws Exception {
    Changes.apply(database, Changes.file("V1__a.sql", "create table menuca_v3.a (id int);\n"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                Changes.apply(
                    database, Changes.file("V1__a.sql", "create table menuca_v3.b (id int);\n")));

    assertThat(failure.getType()).isEqualTo(ChangeActivities.HISTORY_CONFLICT);
    assertThat(failure.getOriginalMessage())
        .startsWith(
            "V1__a.sql: Validate failed: Migrations have failed validation; Migration checksum"
                + " mismatch for migration version 1")
        .doesNotContain("\n");
  }

  @Test
  void aFailedFileOutsideATransactionStaysMarkedFailedAndIsNotRunAgain() throws Exception {
    ChangeFile file =
        Changes.file(
            "V1__indexes.sql",
            "create index concurrently orders_total on menuca_v3.orders (total);\n"
                + "create index concurrently orders_nope on menuca_v3.orders (nope);\n");

    ApplicationFailure first =
        catchThrowableOfType(ApplicationFailure.class, () -> Changes.apply(database, file));
    ApplicationFailure again =
        catchThrowableOfType(ApplicationFailure.class, () -> Changes.apply(database, file));

    assertThat(first.getOriginalMessage())
        .isEqualTo(
            "V1__indexes.sql, line 2: column \"nope\" does not exist (it ran outside a"
                + " transaction: its earlier statements stay applied, and flyway_schema_history"
                + " marks it failed until repaired)");
    assertThat(first.isNonRetryable()).isTrue();
    assertThat(Changes.history(database, "flyway_schema_history")).containsExactly("1:false");
    assertThat(again.getType()).isEqualTo(ChangeActivities.HISTORY_CONFLICT);
    assertThat(again.getOriginalMessage())
        .isEqualTo(
            "V1__indexes.sql: Validate failed: Migrations have failed validation; Detected failed"
                + " migration to version 1 (indexes).");
  }

  @Test
  void aVersionBelowOneAlreadyAppliedIsRefused() throws Exception {
    Changes.apply(database, Changes.file("V5__e.sql", "create table menuca_v3.e (id int);\n"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                Changes.apply(
                    database, Changes.file("V4__d.sql", "create table menuca_v3.d (id int);\n")));

    assertThat(failure.getType()).isEqualTo(ChangeActivities.HISTORY_CONFLICT);
    assertThat(failure.getOriginalMessage())
        .contains("Detected resolved migration not applied to database: 4");
  }

  @Test
  void aSecondRunWaitsForTheHistoryLockAndGivesUpRetryably() throws Exception {
    ChangeFile slow =
        Changes.file("V1__slow.sql", "create table menuca_v3.s (id int);\nselect pg_sleep(4);\n");
    var first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Changes.apply(database, slow));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Changes.count(
            database,
            "select count(*) from pg_stat_activity where query like '%pg_sleep(4)%'"
                + " and application_name = 'greenlight apply'")
        == 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new Migrator(Changes.CONNECTOR, 1)
                    .apply(
                        Changes.request(
                            database,
                            Changes.file("V2__next.sql", "create table menuca_v3.n (id int);\n"),
                            ApplySpec.DEFAULT_LOCK_TIMEOUT),
                        1,
                        progress -> {},
                        abort -> {}));

    assertThat(failure.getType()).isEqualTo(ChangeActivities.LOCK_TIMEOUT);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .startsWith(
            "V2__next.sql: another run of Flyway holds the lock of flyway_schema_history (an"
                + " earlier attempt still running?): ");
    assertThat(first.get().state()).isEqualTo(FileState.APPLIED);
  }

  @Test
  void theTargetsGuardsHoldForFlywayToo() {
    ChangeFile file = Changes.file("V1__a.sql", "create table menuca_v3.a (id int);\n");
    DatabaseTarget wrong =
        new DatabaseTarget(database.url(), TestDatabase.USER, null, "some_other_database");
    DatabaseTarget noSecret =
        new DatabaseTarget(database.url(), TestDatabase.USER, "GREENLIGHT_UNSET_PASSWORD", null);

    ApplicationFailure wrongDatabase =
        catchThrowableOfType(ApplicationFailure.class, () -> apply(wrong, file));
    ApplicationFailure missingSecret =
        catchThrowableOfType(ApplicationFailure.class, () -> apply(noSecret, file));

    assertThat(wrongDatabase.getType()).isEqualTo(DatabaseActivities.WRONG_DATABASE);
    assertThat(missingSecret.getType()).isEqualTo(DatabaseActivities.MISSING_SECRET);
    assertThat(missingSecret.getOriginalMessage())
        .isEqualTo(
            "environment variable GREENLIGHT_UNSET_PASSWORD (database.passwordEnv) is not set on"
                + " the worker");
  }

  private static AppliedFile apply(DatabaseTarget target, ChangeFile file) {
    return new Migrator(Changes.CONNECTOR)
        .apply(
            new ApplyRequest(
                target,
                file,
                ApplySpec.MIGRATIONS_HISTORY_TABLE,
                false,
                ApplySpec.DEFAULT_LOCK_TIMEOUT,
                ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
                1,
                1),
            1,
            progress -> {},
            abort -> {});
  }
}
