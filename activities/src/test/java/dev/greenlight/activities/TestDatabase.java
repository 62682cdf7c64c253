package dev.greenlight.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the local PostgreSQL for each test, dropped afterwards. The server is the one
 * at {@code GREENLIGHT_TEST_PG} ({@code host:port}, default {@code 127.0.0.1:5432}) with the {@code
 * postgres} user and trust authentication, as on the development machines and in CI.
 */
public final class TestDatabase implements BeforeEachCallback, AfterEachCallback {

  public static final String SERVER =
      System.getenv().getOrDefault("GREENLIGHT_TEST_PG", "127.0.0.1:5432");
  public static final String USER = "postgres";

  private String name;

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    name = create("gl_test");
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    drop(name);
  }

  /** Creates a database named {@code prefix_<random>} and returns its name. */
  public static String create(String prefix) throws SQLException {
    String database =
        prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    admin("create database " + Identifiers.quote(database));
    return database;
  }

  public static void drop(String database) throws SQLException {
    if (database != null) {
      admin("drop database if exists " + Identifiers.quote(database) + " with (force)");
    }
  }

  public static String url(String database) {
    return "jdbc:postgresql://" + SERVER + "/" + database;
  }

  public String name() {
    return name;
  }

  public String url() {
    return url(name);
  }

  /** The plan's view of this database: no password variable, the expect guard on its name. */
  public DatabaseTarget target() {
    return new DatabaseTarget(url(), USER, null, name);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, null);
  }

  public void execute(String... statements) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url("postgres"), USER, null);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
