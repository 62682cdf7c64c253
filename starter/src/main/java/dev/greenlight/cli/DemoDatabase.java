package dev.greenlight.cli;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Identifiers;
import dev.greenlight.activities.backup.Libpq;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.workflows.plan.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The demo's database, made afresh from the built-in schema on the plan's server. */
record DemoDatabase(String name, String server, String summary) {

  static DemoDatabase recreate(DatabaseTarget target, String script) {
    String name = target.expectDatabase();
    Libpq server = Libpq.of(target, null);
    Properties credentials = new Properties();
    if (target.user() != null) {
      credentials.setProperty("user", target.user());
    }
    String password = new DatabaseConnector(System::getenv).password(target);
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
      throw new GreenlightException(
          ExitCode.UNREACHABLE,
          "cannot prepare the demo database at "
              + server.host()
              + ":"
              + server.port()
              + ": "
              + e.getMessage()
              + " (is PostgreSQL running? see README)");
    }
  }
}
