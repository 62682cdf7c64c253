package dev.greenlight.cli;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Identifiers;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.Libpq;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    description = {
      "Benchmark backups on the local PostgreSQL: Greenlight's backup step beside raw pg_dump with the",
      "same flags and beside pg_dump -Fc at default compression, and the restore test beside raw pg_restore.",
      "Builds (and keeps, for re-runs) databases greenlight_bench_<MiB>."
    })
class BenchCommand implements Callable<Integer> {

  private static final int TABLES = 4;

  @Spec CommandSpec spec;

  @Option(
      names = "--size-mib",
      split = ",",
      defaultValue = "100,1024",
      description = "Database sizes in MiB (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--server",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432",
      description = "PostgreSQL server (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = "--user",
      defaultValue = "postgres",
      description = "User (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--repeat",
      defaultValue = "2",
      description = "Runs of each measurement; the fastest counts (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--drop", description = "Drop the bench databases afterwards.")
  boolean drop;

  private final PgTools tools = new PgTools(null);
  private final DatabaseConnector connector = new DatabaseConnector(System::getenv);

  record Row(
      int mib,
      long databaseBytes,
      long archiveBytes,
      double rawDump,
      double backup,
      double dumpFc,
      double rawRestore,
      double restoreTest) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int jobs = BackupEngine.defaultJobs();
    out.printf(
        "cores %d; Greenlight's default flags: pg_dump --format=directory --jobs=%d --compress=1; best of %d runs%n",
        Runtime.getRuntime().availableProcessors(), jobs, repeat);
    List<Row> rows = new ArrayList<>();
    for (int mib : sizes) {
      String database = "greenlight_bench_" + mib;
      long bytes = prepare(database, mib, out);
      rows.add(measure(database, mib, bytes, jobs, out));
      if (drop) {
        admin("drop database if exists " + Identifiers.quote(database) + " with (force)");
      }
    }
    out.println();
    out.println(
        "| database | archive | raw pg_dump | Greenlight backup | ratio | pg_dump -Fc (default) | default vs -Fc | raw pg_restore + counts | restore test | ratio |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %.2f s | %.2f s | %.2f× | %.2f s | %.1f× faster | %.2f s | %.2f s | %.2f× |%n",
          Sizes.bytes(r.databaseBytes()),
          Sizes.bytes(r.archiveBytes()),
          r.rawDump(),
          r.backup(),
          r.backup() / r.rawDump(),
          r.dumpFc(),
          r.dumpFc() / r.backup(),
          r.rawRestore(),
          r.restoreTest(),
          r.restoreTest() / r.rawRestore());
    }
    return 0;
  }

  private Row measure(String database, int mib, long databaseBytes, int jobs, PrintWriter out)
      throws Exception {
    DatabaseTarget target = new DatabaseTarget(server + "/" + database, user, null, database);
    BaselineResult baseline = baseline(target, databaseBytes);
    Path work = Files.createTempDirectory("greenlight-bench-");
    try {
      List<String> connection = Libpq.parse(server + "/postgres", user, null).serverArguments();
      BackupEngine engine = new BackupEngine(tools, connector, Clock.systemUTC());
      Verifier verifier = new Verifier(tools, connector, Clock.systemUTC());
      BackupSpec spec =
          new BackupSpec(
              "pg_dump",
              work.resolve("catalog").toString(),
              null,
              null,
              null,
              List.of(),
              null,
              null,
              null);
      double rawDump = Double.MAX_VALUE;
      double backupSeconds = Double.MAX_VALUE;
      BackupResult backup = null;
      for (int run = 0; run < repeat; run++) {
        Path raw = work.resolve("raw-" + run);
        List<String> command = new ArrayList<>(List.of("pg_dump"));
        command.addAll(connection);
        command.addAll(
            List.of(
                "--format=directory",
                "--jobs=" + jobs,
                "--compress=1",
                "--file=" + raw,
                "--dbname=" + database));
        rawDump = Math.min(rawDump, time(command));
        deleteTree(raw);
        long start = System.nanoTime();
        backup =
            engine.backup(
                new BackupRequest(
                    "bench/" + mib + "/" + run + "/" + Instant.now(),
                    "bench",
                    target,
                    spec,
                    baseline),
                b -> {});
        backupSeconds = Math.min(backupSeconds, seconds(start));
        if (run < repeat - 1) {
          deleteTree(Path.of(backup.location()).getParent());
        }
      }
      List<String> fc = new ArrayList<>(List.of("pg_dump"));
      fc.addAll(connection);
      fc.addAll(
          List.of(
              "--format=custom", "--file=" + work.resolve("fc.pgdump"), "--dbname=" + database));
      double dumpFc = time(fc);
      out.printf(
          Locale.ROOT,
          "%d MiB: raw pg_dump %.2f s, backup step %.2f s, pg_dump -Fc %.2f s%n",
          mib,
          rawDump,
          backupSeconds,
          dumpFc);
      out.flush();

      double rawRestore = Double.MAX_VALUE;
      double restoreTest = Double.MAX_VALUE;
      String scratch = database + "_raw_restore";
      for (int run = 0; run < repeat; run++) {
        admin("drop database if exists " + Identifiers.quote(scratch) + " with (force)");
        admin("create database " + Identifiers.quote(scratch));
        List<String> restore = new ArrayList<>(List.of("pg_restore"));
        restore.addAll(connection);
        restore.addAll(
            List.of(
                "--dbname=" + scratch,
                "--jobs=" + jobs,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                backup.location()));
        double restored = time(restore);
        long countStart = System.nanoTime();
        try (Connection counting = DriverManager.getConnection(server + "/" + scratch, user, null);
            Statement statement = counting.createStatement()) {
          for (TableCount table : baseline.tables()) {
            try (ResultSet rows =
                statement.executeQuery(
                    "select count(*) from "
                        + Identifiers.qualified(table.schema(), table.table()))) {
              rows.next();
            }
          }
        }
        rawRestore = Math.min(rawRestore, restored + seconds(countStart));
        admin("drop database if exists " + Identifiers.quote(scratch) + " with (force)");
        long start = System.nanoTime();
        verifier.verify(
            new VerifyRequest(
                backup, new VerifyBackupSpec(true, null, null, null), target, baseline),
            p -> {});
        restoreTest = Math.min(restoreTest, seconds(start));
      }
      out.printf(
          Locale.ROOT,
          "%d MiB: raw pg_restore and counts %.2f s, restore test (checksums, list, restore, counts) %.2f s%n",
          mib,
          rawRestore,
          restoreTest);
      out.flush();
      return new Row(
          mib,
          databaseBytes,
          backup.bytes(),
          rawDump,
          backupSeconds,
          dumpFc,
          rawRestore,
          restoreTest);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Makes the database once: four tables of application-like rows (unique hashes, numbers, some
   * repeated values; compressible about 2:1) to about {@code mib} MiB.
   */
  private long prepare(String database, int mib, PrintWriter out) throws SQLException {
    boolean exists;
    try (Connection admin = DriverManager.getConnection(server + "/postgres", user, null);
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select 1 from pg_database where datname = '" + database + "'")) {
      exists = rows.next();
    }
    if (!exists) {
      out.printf("building %s (%d MiB) ...%n", database, mib);
      out.flush();
      admin("create database " + Identifiers.quote(database));
      long rowsPerTable = (long) mib * 1024 * 1024 / TABLES / 253;
      try (Connection connection =
              DriverManager.getConnection(server + "/" + database, user, null);
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
    try (Connection connection = DriverManager.getConnection(server + "/" + database, user, null);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select pg_database_size(current_database())")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private BaselineResult baseline(DatabaseTarget target, long size) throws SQLException {
    List<TableCount> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(target.url(), user, null);
        Statement statement = connection.createStatement()) {
      for (int t = 1; t <= TABLES; t++) {
        try (ResultSet rows = statement.executeQuery("select count(*) from bench_" + t)) {
          rows.next();
          tables.add(new TableCount("public", "bench_" + t, rows.getLong(1), true));
        }
      }
    }
    return new BaselineResult(target.expectDatabase(), size, TABLES, 0, tables, Instant.now());
  }

  private double time(List<String> command) throws IOException, InterruptedException {
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

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server + "/postgres", user, null);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void deleteTree(Path root) throws IOException {
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
