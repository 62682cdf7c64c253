package dev.greenlight.worker;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Identifiers;
import dev.greenlight.activities.backup.Libpq;
import dev.greenlight.workflows.plan.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The demo's database, made afresh from the built-in schema on the plan's server. {@code greenlight
 * demo} sets it up on this machine before its embedded worker runs, so it is wiring, not a step.
 */
public record DemoDatabase(String name, String server, String summary) {

  /** The demo database could not be made; the message says where and why, in one line. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Drops and creates {@code target}'s database and runs {@code script} in it.
   *
   * @param environment where the password variable the target names is read
   * @throws Unavailable when the server cannot be reached or the script fails
   */
  public static DemoDatabase recreate(
      DatabaseTarget target, String script, UnaryOperator<String> environment) {
    String name = target.expectDatabase();
    Libpq server = Libpq.of(target, null);
    Properties credentials = new Properties();
    if (target.user() != null) {
      credentials.setProperty("user", target.user());
    }
    String password = new DatabaseConnector(environment).password(target);
    if (password != null) {
      credentials.setProperty("password", password);
    }
    try {
      try (Connection admin =
              DriverManager.getConnection(server.withDatabase("postgres").jdbcUrl(), credentials);
          Statement statement = admin.createStatement()) {
        statement.execute("drop database if exists " + Identifiers.quote(name) + " with (force)");
        statement.execute("create database " + Identifiers.quote(name));
      }
      try (Connection demo = DriverManager.getConnection(target.url(), credentials);
          Statement statement = demo.createStatement()) {
        statement.execute(script);
        try (ResultSet rows =
            statement.executeQuery(
                "select count(*), sum(n_live_tup) from pg_stat_user_tables where schemaname = 'menuca_v3'")) {
          rows.next();
          return new DemoDatabase(
              name,
              server.host() + ":" + server.port(),
              "schema menuca_v3 with " + rows.getInt(1) + " tables");
        }
      }
    } catch (SQLException e) {
      throw new Unavailable(
          "cannot prepare the demo database at "
              + server.host()
              + ":"
              + server.port()
              + ": "
              + e.getMessage()
              + " (is PostgreSQL running? see README)",
          e);
    }
  }
}
