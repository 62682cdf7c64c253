package dev.greenlight.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.PreflightRequest;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.status.PreflightResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Preflight passes only on the expected database, inside the window, under the load limit. */
class PreflightTest {

  private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

  @RegisterExtension final TestDatabase database = new TestDatabase();

  private TestActivityEnvironment temporal;
  private DatabaseActivities activities;

  @BeforeEach
  void setUp() {
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(
        new DatabaseActivitiesImpl(
            new DatabaseConnector(Map.of("MENUCA_DB_PASSWORD", "unused-with-trust")::get),
            Clock.fixed(NOW, ZoneOffset.UTC)));
    activities =
        temporal.newActivityStub(
            DatabaseActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    temporal.close();
  }

  @Test
  void passesWithFindingsOnTheExpectedDatabase() {
    PreflightResult result =
        activities.preflight(
            new PreflightRequest(
                withPasswordEnv("MENUCA_DB_PASSWORD"),
                new PreflightSpec(
                    10,
                    Instant.parse("2026-11-23T02:00:00Z"),
                    Instant.parse("2026-11-23T05:00:00Z"))));

    assertThat(result.database()).isEqualTo(database.name());
    assertThat(result.user()).isEqualTo("postgres");
    assertThat(result.serverVersion()).matches("\\d+(\\.\\d+)?.*");
    assertThat(result.activeConnections()).isZero();
    assertThat(result.windowChecked()).isTrue();
    assertThat(result.checkedAt()).isEqualTo(NOW);
  }

  @Test
  void refusesAnyOtherDatabaseThanTheExpectedOne() {
    DatabaseTarget wrong = new DatabaseTarget(database.url(), "postgres", null, "menuca");

    ApplicationFailure failure = failure(wrong, new PreflightSpec(null, null, null));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.WRONG_DATABASE);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "connected to database '"
                + database.name()
                + "' but the plan expects 'menuca' (database.expect.database); refusing to run");
  }

  @Test
  void tooManyActiveConnectionsIsRetryable() throws Exception {
    try (Connection other = database.connect();
        Connection another = database.connect()) {
      ApplicationFailure failure = failure(database.target(), new PreflightSpec(1, null, null));

      assertThat(failure.getType()).isEqualTo(DatabaseActivities.TOO_MANY_CONNECTIONS);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage())
          .isEqualTo(
              "2 other sessions are connected to the database; the plan allows at most 1"
                  + " (preflight.maxActiveConnections)");
    }
  }

  @Test
  void outsideTheMaintenanceWindowCannotProceed() {
    ApplicationFailure failure =
        failure(
            database.target(),
            new PreflightSpec(
                null,
                Instant.parse("2026-11-23T04:00:00Z"),
                Instant.parse("2026-11-23T05:00:00Z")));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.OUTSIDE_WINDOW);
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "now (2026-11-23T03:00:00Z) is outside the maintenance window"
                + " 2026-11-23T04:00:00Z – 2026-11-23T05:00:00Z");
  }

  @Test
  void aMissingPasswordVariableIsNamedAndNotRetried() {
    ApplicationFailure failure =
        failure(withPasswordEnv("NOT_SET_ANYWHERE"), new PreflightSpec(null, null, null));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.MISSING_SECRET);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "environment variable NOT_SET_ANYWHERE (database.passwordEnv) is not set on the worker");
  }

  @Test
  void anUnreachableDatabaseGivesAClearRetryableFailure() {
    DatabaseTarget closed =
        new DatabaseTarget(
            "jdbc:postgresql://127.0.0.1:1/menuca?password=never-shown",
            "postgres",
            null,
            "menuca");

    ApplicationFailure failure = failure(closed, new PreflightSpec(null, null, null));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.UNREACHABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .startsWith("cannot reach the database at jdbc:postgresql://127.0.0.1:1/menuca: ")
        .contains("refused")
        .doesNotContain("never-shown");
  }

  @Test
  void aMissingDatabaseCannotHeal() {
    DatabaseTarget missing =
        new DatabaseTarget(
            TestDatabase.url("gl_no_such_database"), "postgres", null, "gl_no_such_database");

    ApplicationFailure failure = failure(missing, new PreflightSpec(null, null, null));

    assertThat(failure.getType()).isEqualTo(DatabaseActivities.WRONG_DATABASE);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("gl_no_such_database")
        .contains("does not exist");
  }

  private DatabaseTarget withPasswordEnv(String variable) {
    return new DatabaseTarget(database.url(), "postgres", variable, database.name());
  }

  private ApplicationFailure failure(DatabaseTarget target, PreflightSpec spec) {
    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities.preflight(new PreflightRequest(target, spec)));
    return (ApplicationFailure) failure.getCause();
  }
}
