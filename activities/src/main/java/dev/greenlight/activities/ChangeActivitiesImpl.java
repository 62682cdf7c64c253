package dev.greenlight.activities;

import static dev.greenlight.workflows.activities.DatabaseActivities.UNREACHABLE;

import dev.greenlight.activities.change.Migrator;
import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.ChangeObservation.CheckOutcome;
import dev.greenlight.workflows.activities.ObserveRequest;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.CheckSpec;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.BaselineResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The change applied through Flyway, and observed afterwards read-only. */
public class ChangeActivitiesImpl implements ChangeActivities {

  private static final Logger log = LoggerFactory.getLogger(ChangeActivitiesImpl.class);

  /** How often a running file heartbeats; the workflow's heartbeat timeout is 20 seconds. */
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

  private final DatabaseConnector connector;
  private final Migrator migrator;
  private final DatabaseActivitiesImpl database;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "greenlight-apply-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  public ChangeActivitiesImpl(DatabaseConnector connector, Clock clock) {
    this.connector = connector;
    this.migrator = new Migrator(connector);
    this.database = new DatabaseActivitiesImpl(connector, clock);
  }

  /**
   * Heartbeats from its own thread while the file runs (a statement may take minutes); when the
   * heartbeat learns the activity was cancelled (the deployment aborted), every connection is
   * closed, which stops the statement and rolls its transaction back.
   */
  @Override
  public AppliedFile apply(ApplyRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    AtomicReference<String> progress =
        new AtomicReference<>(
            request.file().name() + " (" + request.index() + " of " + request.count() + ")");
    AtomicReference<Runnable> abort = new AtomicReference<>(() -> {});
    ScheduledFuture<?> beat =
        heartbeats.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(progress.get());
              } catch (ActivityCompletionException cancelled) {
                log.warn("{}: activity cancelled; stopping it", request.file().name());
                abort.get().run();
              } catch (RuntimeException e) {
                log.warn("heartbeat failed: {}", e.toString());
              }
            },
            0,
            HEARTBEAT_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return migrator.apply(request, context.getInfo().getAttempt(), progress::set, abort::set);
    } finally {
      beat.cancel(false);
    }
  }

  @Override
  public ChangeObservation observe(ObserveRequest request) {
    try (Connection connection = connector.connect(request.database())) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      BaselineResult after = database.measure(connection, existing(connection, request.baseline()));
      List<CheckOutcome> checks = new ArrayList<>();
      for (CheckSpec check : request.checks()) {
        checks.add(check(connection, check, request.checkTimeout()));
      }
      connection.rollback();
      log.info(
          "observed {} after the change: {} tables, {} indexes, {} policies, {} checks",
          after.database(),
          after.tables().size(),
          after.indexCount(),
          after.policyCount(),
          checks.size());
      return new ChangeObservation(after, checks);
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage()).strip();
      throw ApplicationFailure.newFailure(
          "observing the change failed: " + message.lines().findFirst().orElse(message),
          UNREACHABLE);
    }
  }

  /** The baseline's selection without the tables it names that no longer exist (removed ones). */
  private static BaselineSpec existing(Connection connection, BaselineSpec spec)
      throws SQLException {
    List<String> schemas = new ArrayList<>();
    for (String schema : spec.schemas()) {
      try (PreparedStatement statement =
          connection.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
        statement.setString(1, schema);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            schemas.add(schema);
          }
        }
      }
    }
    List<String> tables = new ArrayList<>();
    for (String table : spec.tables()) {
      try (PreparedStatement statement =
          connection.prepareStatement("select to_regclass(?) is not null")) {
        statement.setString(1, Identifiers.tableReference(table));
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          if (rows.getBoolean(1)) {
            tables.add(table);
          }
        }
      }
    }
    return new BaselineSpec(schemas, tables, spec.exact());
  }

  /**
   * One check in the read-only transaction, inside a savepoint so that a failing check leaves the
   * others runnable; a prepared statement, so one check is one statement.
   */
  private static CheckOutcome check(Connection connection, CheckSpec check, Duration timeout)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try (Statement settings = connection.createStatement()) {
      settings.execute("set local statement_timeout = " + Math.max(1, timeout.toMillis()));
    }
    try (PreparedStatement statement = connection.prepareStatement(check.sql());
        ResultSet rows = statement.executeQuery()) {
      String value = rows.next() ? rows.getString(1) : null;
      connection.releaseSavepoint(savepoint);
      return new CheckOutcome(check.sql(), value, null);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      message = message.lines().findFirst().orElse(message);
      return new CheckOutcome(
          check.sql(), null, message.startsWith("ERROR: ") ? message.substring(7) : message);
    }
  }
}
