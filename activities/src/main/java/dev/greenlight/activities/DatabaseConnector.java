package dev.greenlight.activities;

import static dev.greenlight.workflows.activities.DatabaseActivities.AUTHENTICATION_FAILED;
import static dev.greenlight.workflows.activities.DatabaseActivities.MISSING_SECRET;
import static dev.greenlight.workflows.activities.DatabaseActivities.UNREACHABLE;
import static dev.greenlight.workflows.activities.DatabaseActivities.WRONG_DATABASE;

import dev.greenlight.workflows.plan.DatabaseTarget;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Opens connections to a plan's database: the password comes from the worker's environment variable
 * the plan names, failures are classified into retryable or not, and the connection is refused
 * unless it reached the database the plan expects.
 */
public final class DatabaseConnector {

  private final UnaryOperator<String> environment;

  /**
   * @param environment looks up environment variables ({@code System::getenv} in production)
   */
  public DatabaseConnector(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** The password for {@code target}, or null when the plan names no variable. */
  public String password(DatabaseTarget target) {
    String variable = target.passwordEnv();
    if (variable == null || variable.isBlank()) {
      return null;
    }
    String password = environment.apply(variable);
    if (password == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "environment variable " + variable + " (database.passwordEnv) is not set on the worker",
          MISSING_SECRET);
    }
    return password;
  }

  /** Connects and checks that the session is on the expected database. */
  public Connection connect(DatabaseTarget target) {
    Properties properties = new Properties();
    if (target.user() != null) {
      properties.setProperty("user", target.user());
    }
    String password = password(target);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "greenlight");
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "0");
    Connection connection;
    try {
      connection = DriverManager.getConnection(target.url(), properties);
    } catch (SQLException e) {
      throw classify(target, e);
    }
    try {
      checkDatabase(connection, target);
      return connection;
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void checkDatabase(Connection connection, DatabaseTarget target) {
    String actual;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select current_database()")) {
      rows.next();
      actual = rows.getString(1);
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "cannot read the current database: " + e.getMessage(), UNREACHABLE);
    }
    if (target.expectDatabase() != null && !target.expectDatabase().equals(actual)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "connected to database '"
              + actual
              + "' but the plan expects '"
              + target.expectDatabase()
              + "' (database.expect.database); refusing to run",
          WRONG_DATABASE);
    }
  }

  /** Sorts a connection failure into one that cannot heal and one worth retrying. */
  static ApplicationFailure classify(DatabaseTarget target, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = redact(target.url());
    if (state.equals("28P01") || state.equals("28000")) {
      return ApplicationFailure.newNonRetryableFailure(
          "authentication refused for user '" + target.user() + "' at " + where,
          AUTHENTICATION_FAILED);
    }
    if (state.equals("3D000")) {
      return ApplicationFailure.newNonRetryableFailure(
          "no such database at " + where + ": " + e.getMessage(), WRONG_DATABASE);
    }
    return ApplicationFailure.newFailure(
        "cannot reach the database at " + where + ": " + e.getMessage(), UNREACHABLE);
  }

  /** A JDBC URL without its query parameters, which may carry credentials. */
  public static String redact(String url) {
    if (url == null) {
      return "(no url)";
    }
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the connection is being thrown away after another failure
    }
  }
}
