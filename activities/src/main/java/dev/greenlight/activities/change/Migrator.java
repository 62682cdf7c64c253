package dev.greenlight.activities.change;

import static dev.greenlight.workflows.activities.ChangeActivities.CONNECTION_LOST;
import static dev.greenlight.workflows.activities.ChangeActivities.HISTORY_CONFLICT;
import static dev.greenlight.workflows.activities.ChangeActivities.LOCK_TIMEOUT;
import static dev.greenlight.workflows.activities.ChangeActivities.MIGRATION_FAILED;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.FileState;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one SQL file with Flyway's Java API against the plan's target and its schema history
 * table: the history is the idempotency record, so a file it already records is returned as already
 * applied and never runs twice. Flyway runs each file in one transaction unless it holds statements
 * that cannot run in one ({@code CREATE INDEX CONCURRENTLY}), which it then runs outside a
 * transaction. Failures come back as one line naming the file, the statement's line and
 * PostgreSQL's message, typed retryable (a lock timeout, a lost connection) or not.
 */
public final class Migrator {

  private static final Logger log = LoggerFactory.getLogger(Migrator.class);

  /** Flyway's versioned file name: {@code V<version>__<description>.sql}. */
  static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

  /**
   * Flyway's tries (one a second) at the schema history's lock, which another run of Flyway on the
   * same database holds while it migrates: an earlier attempt on a worker that died may still be
   * running its statement.
   */
  static final int LOCK_RETRIES = 50;

  private final DatabaseConnector connector;
  private final int lockRetries;

  public Migrator(DatabaseConnector connector) {
    this(connector, LOCK_RETRIES);
  }

  Migrator(DatabaseConnector connector, int lockRetries) {
    this.connector = connector;
    this.lockRetries = lockRetries;
  }

  /**
   * Applies {@code request}'s file. {@code attempt} is the activity's (1 for the first try); {@code
   * progress} hears what it is doing, statement by statement; {@code abort} receives a hook that
   * stops it (every connection closed) from another thread.
   */
  public AppliedFile apply(
      ApplyRequest request, int attempt, Consumer<String> progress, Consumer<Runnable> abort) {
    ChangeFile file = request.file();
    String flywayName = flywayName(file);
    TargetDataSource source =
        new TargetDataSource(
            connector, request.database(), request.lockTimeout(), request.statementTimeout());
    abort.accept(source::abortAll);
    AtomicInteger statements = new AtomicInteger();
    FluentConfiguration configuration =
        Flyway.configure(Migrator.class.getClassLoader())
            .dataSource(source)
            .table(request.historyTable())
            .resourceProvider(new MemoryResources(flywayName, file.sql()))
            .javaMigrationClassProvider(List::of)
            .skipDefaultCallbacks(true)
            .callbacks(new Progress(file.name(), statements, progress))
            .placeholderReplacement(false)
            .validateMigrationNaming(true)
            // An existing database without a history gets a marker below every real version.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("<< Greenlight baseline >>")
            // Only this file is resolved here; the history's other entries are not its business.
            .ignoreMigrationPatterns("*:missing", "*:future")
            .outOfOrder(request.outOfOrder())
            .mixed(false)
            .connectRetries(0)
            .lockRetryCount(lockRetries);
    // A transaction-level lock would hold a transaction open on Flyway's other connection, which
    // CREATE INDEX CONCURRENTLY waits for until the lock timeout (flyway issue 3854).
    configuration
        .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    Flyway flyway = configuration.load();
    progress.accept(file.name() + ": connecting");
    long started = System.nanoTime();
    try {
      MigrateResult result = flyway.migrate();
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (result.migrationsExecuted > 0) {
        long took = result.migrations.stream().mapToLong(m -> m.executionTime).max().orElse(millis);
        log.info(
            "{} applied in {} ms ({} statements, attempt {}), recorded in {}",
            file.name(),
            took,
            statements.get(),
            attempt,
            request.historyTable());
        return new AppliedFile(
            file.name(),
            file.version(),
            file.sha256(),
            FileState.APPLIED,
            took,
            statements.get(),
            attempt,
            null);
      }
      return alreadyApplied(flyway, file, attempt, request.historyTable());
    } catch (FlywayException e) {
      throw failure(e, file, request);
    }
  }

  /** Nothing ran: the history must record this version as applied, or something is off. */
  private static AppliedFile alreadyApplied(
      Flyway flyway, ChangeFile file, int attempt, String table) {
    for (MigrationInfo info : flyway.info().all()) {
      if (info.getVersion() != null
          && info.getVersion().getVersion().equals(normalized(file.version()))) {
        if (info.getState() == MigrationState.SUCCESS
            || info.getState() == MigrationState.OUT_OF_ORDER) {
          log.info("{} already applied (in {}), not run again", file.name(), table);
          return new AppliedFile(
              file.name(),
              file.version(),
              file.sha256(),
              FileState.ALREADY_APPLIED,
              0,
              0,
              attempt,
              null);
        }
        throw ApplicationFailure.newNonRetryableFailure(
            file.name()
                + " was not applied: "
                + table
                + " records version "
                + file.version()
                + " as "
                + info.getState().getDisplayName(),
            HISTORY_CONFLICT);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        file.name() + " was not applied and " + table + " does not record it", HISTORY_CONFLICT);
  }

  /** One line, typed by what PostgreSQL said. */
  private static ApplicationFailure failure(
      FlywayException e, ChangeFile file, ApplyRequest request) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure app) {
        return app; // the connector's: wrong database, missing secret, unreachable
      }
    }
    SQLException sql = sqlException(e);
    int line = lineNumber(e);
    boolean outsideTransaction =
        e instanceof FlywayMigrateException migrate && !migrate.isExecutableInTransaction();
    String where = file.name() + (line > 0 ? ", line " + line : "");
    if (sql == null && String.valueOf(e.getMessage()).contains("advisory lock")) {
      return ApplicationFailure.newFailure(
          file.name()
              + ": another run of Flyway holds the lock of "
              + request.historyTable()
              + " (an earlier attempt still running?): "
              + firstLine(e.getMessage()),
          LOCK_TIMEOUT);
    }
    if (sql == null) {
      // Flyway itself refused: the history disagrees with the file.
      return ApplicationFailure.newNonRetryableFailure(
          file.name() + ": " + flywayMessage(e.getMessage()), HISTORY_CONFLICT);
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String message = postgresMessage(sql);
    String outside =
        outsideTransaction
            ? " (it ran outside a transaction: its earlier statements stay applied, and "
                + request.historyTable()
                + " marks it failed until repaired)"
            : "";
    log.warn("{} failed (SQL state {}): {}", where, state, message);
    if (state.equals("55P03") || state.equals("40P01")) {
      String text =
          where
              + ": "
              + message
              + (state.equals("55P03")
                  ? " (waited longer than the lock timeout, "
                      + ApplySpec.format(request.lockTimeout())
                      + ")"
                  : "")
              + outside;
      return outsideTransaction
          ? ApplicationFailure.newNonRetryableFailure(text, LOCK_TIMEOUT)
          : ApplicationFailure.newFailure(text, LOCK_TIMEOUT);
    }
    if (state.startsWith("08") || state.startsWith("57P")) {
      String text =
          where
              + ": the connection was lost ("
              + message
              + ")"
              + (outsideTransaction ? outside : "; PostgreSQL rolled the file back");
      return outsideTransaction
          ? ApplicationFailure.newNonRetryableFailure(text, CONNECTION_LOST)
          : ApplicationFailure.newFailure(text, CONNECTION_LOST);
    }
    String timeout =
        state.equals("57014") && message.contains("statement timeout")
            ? " (statementTimeout " + ApplySpec.format(request.statementTimeout()) + ")"
            : "";
    return ApplicationFailure.newNonRetryableFailure(
        where + ": " + message + timeout + outside, MIGRATION_FAILED);
  }

  private static SQLException sqlException(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FlywaySqlScriptException script
          && script.getCause() instanceof SQLException sql) {
        return sql;
      }
      if (cause instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  private static int lineNumber(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FlywaySqlScriptException script && script.getLineNumber() > 0) {
        return script.getLineNumber();
      }
      if (cause instanceof FlywayMigrateException migrate && migrate.getLineNumber() > 0) {
        return migrate.getLineNumber();
      }
    }
    return 0;
  }

  /** PostgreSQL's own words, without the {@code ERROR:} prefix and the position line. */
  private static String postgresMessage(SQLException sql) {
    String text = firstLine(sql.getMessage());
    return text.startsWith("ERROR: ") ? text.substring("ERROR: ".length()) : text;
  }

  /**
   * Flyway's refusal in one line: its headline and the detail after it ({@code Validate failed:
   * Migrations have failed validation; Detected failed migration to version 1 (indexes).}).
   */
  private static String flywayMessage(String text) {
    if (text == null) {
      return "unknown error";
    }
    return String.join(
        "; ",
        text.strip()
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("-") && !l.startsWith("Need more"))
            .limit(2)
            .toList());
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unknown error";
    }
    return text.strip()
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("-"))
        .findFirst()
        .orElse(text.strip());
  }

  /**
   * The name Flyway reads version and description from: the file's own for versioned migrations,
   * one made from its version and name for plain SQL files.
   */
  static String flywayName(ChangeFile file) {
    String base = file.name().substring(file.name().lastIndexOf('/') + 1);
    if (VERSIONED.matcher(base).matches()) {
      return base;
    }
    String description =
        base.replaceAll("(?i)\\.sql$", "")
            .replaceAll("[^A-Za-z0-9]+", "_")
            .toLowerCase(Locale.ROOT);
    return "V" + file.version() + "__" + description + ".sql";
  }

  /** Flyway reads {@code 1_1} as {@code 1.1}. */
  private static String normalized(String version) {
    return version.replace('_', '.');
  }

  /** Counts statements and tells what runs now, for heartbeats. */
  private record Progress(String file, AtomicInteger statements, Consumer<String> progress)
      implements Callback {

    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.BEFORE_EACH_MIGRATE_STATEMENT
          || event == Event.AFTER_EACH_MIGRATE_STATEMENT;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return true;
    }

    @Override
    public void handle(Event event, Context context) {
      if (event == Event.AFTER_EACH_MIGRATE_STATEMENT) {
        statements.incrementAndGet();
        return;
      }
      String sql = context.getStatement() == null ? "" : context.getStatement().getSql();
      String head = sql.strip().replaceAll("\\s+", " ");
      progress.accept(
          file
              + ": statement "
              + (statements.get() + 1)
              + ": "
              + (head.length() > 80 ? head.substring(0, 79) + "…" : head));
    }

    @Override
    public String getCallbackName() {
      return "greenlight-progress";
    }
  }
}
