package dev.greenlight.activities.change;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.plan.DatabaseTarget;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Flyway's connections to the plan's target: opened by the {@link DatabaseConnector} (the password
 * from the worker's environment, the expected-database guard), each with the step's lock and
 * statement timeouts, and all of them abortable at once when the activity is cancelled.
 */
final class TargetDataSource implements DataSource {

  private final DatabaseConnector connector;
  private final DatabaseTarget target;
  private final Duration lockTimeout;
  private final Duration statementTimeout;
  private final List<Connection> opened = new CopyOnWriteArrayList<>();

  TargetDataSource(
      DatabaseConnector connector,
      DatabaseTarget target,
      Duration lockTimeout,
      Duration statementTimeout) {
    this.connector = connector;
    this.target = target;
    this.lockTimeout = lockTimeout;
    this.statementTimeout = statementTimeout;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = connector.connect(target);
    opened.add(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute("set lock_timeout = " + millis(lockTimeout));
      statement.execute("set statement_timeout = " + millis(statementTimeout));
      statement.execute("set application_name = 'greenlight apply'");
    }
    return connection;
  }

  /**
   * Cancels the statement every connection runs (PostgreSQL's cancel request: the server does not
   * notice a closed socket while a statement runs), then closes the connections. The statement's
   * transaction rolls back.
   */
  void abortAll() {
    for (Connection connection : opened) {
      try {
        connection.unwrap(PGConnection.class).cancelQuery();
      } catch (SQLException | RuntimeException ignored) {
        // closing it below is all that is left to do
      }
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException ignored) {
        // the connection is going away either way
      }
    }
  }

  private static long millis(Duration duration) {
    return duration == null ? 0 : Math.max(1, duration.toMillis());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the plan's target");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
