package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Durations;
import java.time.Duration;
import java.util.List;

/**
 * The change itself: SQL files applied in order through Flyway, recorded in the target's schema
 * history table {@code historyTable}, so a retried or resumed attempt never applies a file twice.
 * {@code migrations} is the directory of Flyway-style versioned files ({@code V1__add_indexes.sql})
 * as the plan names it, or null for plain SQL files ({@code sql: [...]}), which are recorded with
 * versions made from the step's start time. {@code lockTimeout} bounds every wait for a lock (a
 * migration queued behind a busy table would block production traffic queued behind it), {@code
 * statementTimeout} every statement.
 */
@JsonTypeName("apply")
public record ApplySpec(
    String migrations,
    List<ChangeFile> files,
    Duration lockTimeout,
    Duration statementTimeout,
    String historyTable,
    RetrySpec retry)
    implements StepSpec {

  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(30);

  /** Flyway's own default, so a project's existing history is the one used. */
  public static final String MIGRATIONS_HISTORY_TABLE = "flyway_schema_history";

  /** Plain SQL files are one-off scripts: their record is kept apart from versioned migrations. */
  public static final String SQL_HISTORY_TABLE = "greenlight_sql_history";

  /**
   * A lock timeout or a lost connection is retried: the table may be free and the server back on
   * the next try. Nothing else is.
   */
  public static final RetrySpec DEFAULT_RETRY =
      new RetrySpec(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5));

  public ApplySpec {
    files = List.copyOf(files);
  }

  /** Versioned migrations (true) or plain SQL files (false). */
  public boolean versioned() {
    return migrations != null;
  }

  /** Apply changes the database: the evidence approvals were given on is checked just before. */
  @Override
  public boolean changesDatabase() {
    return true;
  }

  @Override
  public String describe() {
    return "apply: "
        + files.size()
        + (versioned()
            ? (files.size() == 1 ? " migration from " : " migrations from ") + migrations
            : files.size() == 1 ? " SQL file" : " SQL files")
        + " (lock timeout "
        + format(lockTimeout)
        + ", statement timeout "
        + format(statementTimeout)
        + ", history "
        + historyTable
        + ")";
  }

  /** {@code 5s}, {@code 30m}, or {@code 500ms} for what is not whole seconds. */
  public static String format(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? Durations.format(duration)
        : duration.toMillis() + "ms";
  }
}
