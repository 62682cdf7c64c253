package dev.greenlight.activities.change;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.status.AppliedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Change files and a migrator for tests against the real PostgreSQL. */
public final class Changes {

  public static final DatabaseConnector CONNECTOR = new DatabaseConnector(name -> null);

  private Changes() {}

  /** A versioned migration file named {@code V<version>__<description>.sql}. */
  public static ChangeFile file(String name, String sql) {
    var match = Migrator.VERSIONED.matcher(name);
    String version = match.matches() ? match.group(1).replace('_', '.') : null;
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    return new ChangeFile(name, version, sha256(bytes), bytes.length, sql);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ApplyRequest request(TestDatabase database, ChangeFile file, Duration lockTimeout) {
    return new ApplyRequest(
        database.target(),
        file,
        ApplySpec.MIGRATIONS_HISTORY_TABLE,
        false,
        lockTimeout,
        ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
        1,
        1);
  }

  public static AppliedFile apply(TestDatabase database, ChangeFile file) {
    return apply(database, file, ApplySpec.DEFAULT_LOCK_TIMEOUT);
  }

  public static AppliedFile apply(TestDatabase database, ChangeFile file, Duration lockTimeout) {
    return new Migrator(CONNECTOR)
        .apply(request(database, file, lockTimeout), 1, progress -> {}, abort -> {});
  }

  /** {@code version:success} of every row of the schema history, in order. */
  public static List<String> history(TestDatabase database, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "select version, success from " + table + " order by installed_rank")) {
      while (result.next()) {
        rows.add(result.getString(1) + ":" + result.getBoolean(2));
      }
    }
    return rows;
  }

  public static long count(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
