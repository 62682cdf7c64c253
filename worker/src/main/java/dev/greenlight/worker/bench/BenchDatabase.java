package dev.greenlight.worker.bench;

import dev.greenlight.activities.Identifiers;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A bench database on the local PostgreSQL: four tables {@code bench_1..4} of application-like rows
 * (unique ids and hashes, numbers, some repeated text; compressible about 2.5:1) to about a given
 * size, made once and kept for re-runs, plus the helpers every bench shares: copies of it, timing a
 * tool, the load average.
 */
final class BenchDatabase {

  static final int TABLES = 4;

  private final String server;
  private final String user;
  private final String name;

  /**
   * @param server a JDBC URL without a database, e.g. {@code jdbc:postgresql://127.0.0.1:5432}
   * @param name the database's name
   */
  BenchDatabase(String server, String user, String name) {
    this.server = server;
    this.user = user;
    this.name = name;
  }

  String name() {
    return name;
  }

  String server() {
    return server;
  }

  String user() {
    return user;
  }

  String url(String database) {
    return server + "/" + database;
  }

  /** The plan's target for {@code database} on this server, no password variable. */
  DatabaseTarget target(String database) {
    return new DatabaseTarget(url(database), user, null, database);
  }

  /** Makes the database unless it exists; returns its size in bytes. */
  long prepare(int mib, PrintWriter out) throws SQLException {
    boolean exists;
    try (Connection admin = DriverManager.getConnection(url("postgres"), user, null);
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
      exists = rows.next();
    }
    if (!exists) {
      out.printf("building %s (%d MiB) ...%n", name, mib);
      out.flush();
      admin("create database " + Identifiers.quote(name));
      long rowsPerTable = Math.max(1, (long) mib * 1024 * 1024 / TABLES / 253);
      try (Connection connection = DriverManager.getConnection(url(name), user, null);
          Statement statement = connection.createStatement()) {
        for (int t = 1; t <= TABLES; t++) {
          statement.execute(
              "create table bench_"
                  + t
                  + " (id bigint primary key, created timestamptz not null, payload text not null)");
          statement.execute(
              // Rows like an application's: unique ids and hashes, numbers, some repeated text.
              "insert into bench_"
                  + t
                  + " select g, timestamptz '2026-01-01' + g * interval '1 second',"
                  + " md5(g::text) || ' ' || md5((g * 7919)::text) || ' customer ' || (g % 99991)"
                  + " || ' status ' || (array['placed', 'paid', 'shipped', 'delivered'])[1 + g % 4]"
                  + " || ' ' || md5((g % 5000)::text) || ' ' || md5((g % 300)::text) || ' note ' || (g * 31 % 1000003)"
                  + " from generate_series(1::bigint, "
                  + rowsPerTable
                  + ") g");
        }
        statement.execute("vacuum analyze");
      }
    }
    try (Connection connection = DriverManager.getConnection(url(name), user, null);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select pg_database_size(current_database())")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Row counts of the four tables, as the baseline step records them. */
  BaselineResult baseline(String database, long size) throws SQLException {
    List<TableCount> tables = new ArrayList<>();
    for (Map.Entry<String, Long> count : counts(database).entrySet()) {
      tables.add(new TableCount("public", count.getKey(), count.getValue(), true));
    }
    return new BaselineResult(database, size, TABLES, 0, tables, Instant.now());
  }

  /** Exact row counts of {@code bench_1..4} in {@code database}. */
  Map<String, Long> counts(String database) throws SQLException {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(url(database), user, null);
        Statement statement = connection.createStatement()) {
      for (int t = 1; t <= TABLES; t++) {
        try (ResultSet rows = statement.executeQuery("select count(*) from bench_" + t)) {
          rows.next();
          counts.put("bench_" + t, rows.getLong(1));
        }
      }
    }
    return counts;
  }

  /**
   * A fresh copy of the bench database named {@code copy}, not timed: copied through the WAL when
   * small, file by file when large (two checkpoints, but no gigabyte of WAL).
   */
  void copyTo(String copy, long bytes) throws SQLException {
    drop(copy);
    admin(
        "create database "
            + Identifiers.quote(copy)
            + " template "
            + Identifiers.quote(name)
            + (bytes > (256L << 20) ? " strategy file_copy" : ""));
  }

  void create(String database) throws SQLException {
    drop(database);
    admin("create database " + Identifiers.quote(database));
  }

  void drop(String database) throws SQLException {
    admin("drop database if exists " + Identifiers.quote(database) + " with (force)");
  }

  void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url("postgres"), user, null);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs {@code command} to completion; its wall time in seconds. */
  static double time(List<String> command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(command.get(0) + " exited with " + exit);
    }
    return seconds(start);
  }

  /**
   * Prepares the bench database ({@link #prepare}) and prints the line that heads an interleaved
   * comparison: its size, the runs of each side, the cores and the load average; its size in bytes.
   */
  long prepareInterleaved(int mib, int runs, PrintWriter out) throws SQLException {
    long bytes = prepare(mib, out);
    out.printf(
        Locale.ROOT,
        "%s: %.1f MiB; %d runs of each side, interleaved; %d cores; load average %.2f%n",
        name,
        bytes / 1048576.0,
        runs,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    out.flush();
    return bytes;
  }

  /** Deletes a bench's working folder and, if {@code drop}, the bench database. */
  void cleanUp(Path work, boolean drop) throws IOException, SQLException {
    deleteTree(work);
    if (drop) {
      drop(name);
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
