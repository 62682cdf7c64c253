package dev.greenlight.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.workflows.activities.BaselineRequest;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The baseline records exact figures of the named schemas and tables, on the real server. */
class BaselineTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();

  private TestActivityEnvironment temporal;
  private DatabaseActivities activities;

  @BeforeEach
  void setUp() throws Exception {
    Fixtures.menuca(database);
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(
        new DatabaseActivitiesImpl(new DatabaseConnector(name -> null), Clock.systemUTC()));
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
  void countsEveryTableOfASchemaExactlyWithIndexesAndPolicies() throws Exception {
    BaselineResult result =
        activities.baseline(
            new BaselineRequest(
                database.target(), new BaselineSpec(List.of("menuca_v3"), List.of(), true)));

    assertThat(result.database()).isEqualTo(database.name());
    assertThat(result.tables())
        .containsExactly(
            new TableCount("menuca_v3", "Restaurants", 3, true),
            new TableCount("menuca_v3", "order \"items\"", 2, true),
            new TableCount("menuca_v3", "orders", 5, true));
    assertThat(result.indexCount()).as("two primary keys and orders_restaurant").isEqualTo(3);
    assertThat(result.policyCount()).isEqualTo(1);
    assertThat(result.sizeBytes()).isEqualTo(databaseSize());
  }

  @Test
  void namedTablesInPlainAndQuotedFormAreCountedOnce() {
    BaselineResult result =
        activities.baseline(
            new BaselineRequest(
                database.target(),
                new BaselineSpec(
                    List.of(),
                    List.of(
                        "menuca_v3.Restaurants", "\"menuca_v3\".\"Restaurants\"", "other.ignored"),
                    true)));

    assertThat(result.tables())
        .containsExactly(
            new TableCount("menuca_v3", "Restaurants", 3, true),
            new TableCount("other", "ignored", 1, true));
    assertThat(result.indexCount()).isEqualTo(2);
    assertThat(result.policyCount()).isZero();
  }

  @Test
  void estimatesComeFromStatisticsAndFallBackToCountingWhenNeverAnalysed() throws Exception {
    database.execute(
        "insert into menuca_v3.orders select g, 1, 0 from generate_series(6, 1000) g",
        "analyze menuca_v3.orders");

    BaselineResult result =
        activities.baseline(
            new BaselineRequest(
                database.target(), new BaselineSpec(List.of("menuca_v3"), List.of(), false)));

    assertThat(result.tables())
        .containsExactly(
            new TableCount("menuca_v3", "Restaurants", 3, true),
            new TableCount("menuca_v3", "order \"items\"", 2, true),
            new TableCount("menuca_v3", "orders", 1000, false));
  }

  @Test
  void aMissingSchemaOrTableCannotHeal() {
    ApplicationFailure schema = failure(new BaselineSpec(List.of("menuca_v4"), List.of(), true));
    assertThat(schema.getOriginalMessage())
        .isEqualTo("schema menuca_v4 does not exist (baseline.schemas)");
    assertThat(schema.isNonRetryable()).isTrue();

    ApplicationFailure table =
        failure(new BaselineSpec(List.of(), List.of("menuca_v3.restaurants"), true));
    assertThat(table.getOriginalMessage())
        .isEqualTo("table menuca_v3.restaurants does not exist (baseline.tables)");
    assertThat(table.getType()).isEqualTo(DatabaseActivities.NO_SUCH_OBJECT);
  }

  private ApplicationFailure failure(BaselineSpec spec) {
    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class,
            () -> activities.baseline(new BaselineRequest(database.target(), spec)));
    return (ApplicationFailure) failure.getCause();
  }

  private long databaseSize() throws Exception {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select pg_database_size(current_database())")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
