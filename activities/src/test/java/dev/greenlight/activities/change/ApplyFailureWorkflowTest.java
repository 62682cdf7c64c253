package dev.greenlight.activities.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.greenlight.activities.ChangeActivitiesImpl;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.ObserveRequest;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults while the change is applied, through the real workflow on the real PostgreSQL: each ends
 * in a clear, recorded state, with the war room told, and no file is ever applied twice.
 */
class ApplyFailureWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = ChangeRuns.extension();
  @RegisterExtension final TestDatabase database = new TestDatabase();

  private final ChangeRuns.WarRoom room = new ChangeRuns.WarRoom();

  @BeforeEach
  void schema() throws Exception {
    Fixtures.menuca(database);
  }

  @Test
  void aFailingSecondMigrationStopsBeforeTheThird(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    ChangeRuns.register(worker, null, room);
    env.start();

    DeploymentStatus done =
        ChangeRuns.result(
            ChangeRuns.start(
                client,
                options,
                database,
                ChangeRuns.baseline(),
                new Step(
                    "apply",
                    ChangeRuns.migrations(
                        null,
                        Duration.ofSeconds(5),
                        Changes.file("V1__a.sql", "create table menuca_v3.a (id int);\n"),
                        Changes.file(
                            "V2__fix.sql",
                            "insert into menuca_v3.\"Restaurants\" values (100, 'new');\n"
                                + "insert into menuca_v3.\"Restaurants\" values (1, 'again');\n"),
                        Changes.file("V3__c.sql", "create table menuca_v3.c (id int);\n")))));

    assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(done.reason())
        .isEqualTo(
            "step apply failed: V2__fix.sql, line 2: duplicate key value violates unique"
                + " constraint \"Restaurants_pkey\"; 1 later file not run");
    ApplyResult applied = (ApplyResult) ChangeRuns.step(done, "apply").result();
    assertThat(applied.files())
        .extracting(AppliedFile::name, AppliedFile::state)
        .containsExactly(
            tuple("V1__a.sql", FileState.APPLIED),
            tuple("V2__fix.sql", FileState.FAILED),
            tuple("V3__c.sql", FileState.PENDING));
    assertThat(ChangeRuns.step(done, "apply").state()).isEqualTo(StepState.FAILED);
    assertThat(Changes.history(database, "flyway_schema_history")).containsExactly("1:true");
    assertThat(Changes.count(database, "select count(*) from menuca_v3.\"Restaurants\""))
        .isEqualTo(3);
    assertThat(Changes.count(database, "select count(*) from pg_tables where tablename = 'c'"))
        .isZero();
    assertThat(room.told)
        .contains(
            "V2__fix.sql FAILED (2 of 3): V2__fix.sql, line 2: duplicate key value violates"
                + " unique constraint \"Restaurants_pkey\"; 1 later file not run.")
        .anyMatch(text -> text.startsWith("Deployment FAILED: step apply failed: V2__fix.sql"));
  }

  @Test
  void aMigrationWaitingOnABusyTableGivesUpAtTheLockTimeout(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    ChangeRuns.register(worker, null, room);
    env.start();
    try (Connection busy = database.connect()) {
      busy.setAutoCommit(false);
      busy.createStatement().execute("lock table menuca_v3.orders in access share mode");

      DeploymentStatus done =
          ChangeRuns.result(
              ChangeRuns.start(
                  client,
                  options,
                  database,
                  new Step(
                      "apply",
                      ChangeRuns.migrations(
                          ChangeRuns.QUICK_RETRY,
                          Duration.ofMillis(300),
                          Changes.file(
                              "V1__note.sql",
                              "alter table menuca_v3.orders add column note text;\n")))));

      assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
      assertThat(done.reason())
          .isEqualTo(
              "step apply failed: V1__note.sql, line 1: canceling statement due to lock timeout"
                  + " (waited longer than the lock timeout, 300ms)");
      assertThat(((ApplyResult) ChangeRuns.step(done, "apply").result()).files())
          .extracting(AppliedFile::state)
          .containsExactly(FileState.FAILED);
      assertThat(room.told).anyMatch(text -> text.startsWith("V1__note.sql FAILED (1 of 1)"));
      busy.rollback();
    }
    assertThat(Changes.count(database, "select count(*) from flyway_schema_history")).isZero();
  }

  @Test
  void theTargetGoingAwayMidFileIsRetriedAndAppliesItOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    ChangeRuns.register(worker, null, room);
    env.start();
    AtomicBoolean terminated = new AtomicBoolean();
    CompletableFuture<Void> killer =
        CompletableFuture.runAsync(() -> terminateOnce("pg_sleep", terminated));

    DeploymentStatus done =
        ChangeRuns.result(
            ChangeRuns.start(
                client,
                options,
                database,
                new Step(
                    "apply",
                    ChangeRuns.migrations(
                        ChangeRuns.QUICK_RETRY,
                        Duration.ofSeconds(5),
                        Changes.file(
                            "V1__slow_fix.sql",
                            "insert into menuca_v3.\"Restaurants\" values (100, 'new');\n"
                                + "select pg_sleep(1.5);\n")))));
    killer.join();

    assertThat(terminated).isTrue();
    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.SUCCEEDED);
    AppliedFile file = ((ApplyResult) ChangeRuns.step(done, "apply").result()).files().get(0);
    assertThat(file.state()).isEqualTo(FileState.APPLIED);
    assertThat(file.attempt()).isEqualTo(2);
    assertThat(Changes.count(database, "select count(*) from menuca_v3.\"Restaurants\""))
        .isEqualTo(4);
    assertThat(Changes.history(database, "flyway_schema_history")).containsExactly("1:true");
    assertThat(room.told)
        .anyMatch(text -> text.contains("applied in ") && text.contains("(attempt 2)"));
  }

  @Test
  void aRetryAfterTheFileCommittedFindsItInTheHistoryAndDoesNotApplyItAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    ChangeActivities real = new ChangeActivitiesImpl(Changes.CONNECTOR, Clock.systemUTC());
    AtomicBoolean lost = new AtomicBoolean();
    // The first attempt commits and its worker dies before reporting it.
    ChangeActivities dying =
        new ChangeActivities() {
          @Override
          public AppliedFile apply(ApplyRequest request) {
            AppliedFile done = real.apply(request);
            if (!lost.getAndSet(true)) {
              throw ApplicationFailure.newFailure("worker lost before reporting", "WorkerLost");
            }
            return done;
          }

          @Override
          public ChangeObservation observe(ObserveRequest request) {
            return real.observe(request);
          }
        };
    ChangeRuns.register(worker, dying, room);
    env.start();

    DeploymentStatus done =
        ChangeRuns.result(
            ChangeRuns.start(
                client,
                options,
                database,
                new Step(
                    "apply",
                    ChangeRuns.migrations(
                        ChangeRuns.QUICK_RETRY,
                        Duration.ofSeconds(5),
                        Changes.file(
                            "V1__fix.sql",
                            "insert into menuca_v3.\"Restaurants\" values (100, 'new');\n")))));

    assertThat(done.state()).as(done.reason()).isEqualTo(DeploymentState.SUCCEEDED);
    AppliedFile file = ((ApplyResult) ChangeRuns.step(done, "apply").result()).files().get(0);
    assertThat(file.state()).isEqualTo(FileState.ALREADY_APPLIED);
    assertThat(file.attempt()).isEqualTo(2);
    assertThat(Changes.count(database, "select count(*) from menuca_v3.\"Restaurants\""))
        .isEqualTo(4);
    assertThat(Changes.history(database, "flyway_schema_history")).containsExactly("1:true");
  }

  /** Terminates the first apply session found running {@code marker}. */
  private void terminateOnce(String marker, AtomicBoolean terminated) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Connection admin = database.connect();
        Statement statement = admin.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rows =
            statement.executeQuery(
                "select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where application_name = 'greenlight apply' and state = 'active'"
                    + " and query like '%"
                    + marker
                    + "%'")) {
          if (rows.next() && rows.getBoolean(1)) {
            terminated.set(true);
            return;
          }
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
