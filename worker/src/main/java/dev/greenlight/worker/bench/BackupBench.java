package dev.greenlight.worker.bench;

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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The backup benchmark behind {@code greenlight bench}: on the local PostgreSQL, Greenlight's
 * backup step beside raw {@code pg_dump} with the same flags and beside {@code pg_dump -Fc} at
 * default compression, and the restore test beside raw {@code pg_restore}. Builds (and keeps, for
 * re-runs) databases {@code greenlight_bench_<MiB>}. It needs the tools and the database on this
 * machine, so it runs here, not through Temporal; the CLI reaches it only through {@link #run}.
 */
public final class BackupBench {

  /**
   * @param sizes database sizes in MiB
   * @param server a JDBC URL without a database, e.g. {@code jdbc:postgresql://127.0.0.1:5432}
   * @param repeat runs of each measurement; the fastest counts
   * @param drop drop the bench databases afterwards
   */
  public record Settings(
      List<Integer> sizes, String server, String user, int repeat, boolean drop) {}

  private final List<Integer> sizes;
  private final String server;
  private final String user;
  private final int repeat;
  private final boolean drop;
  private final PgTools tools = new PgTools(null);
  private final DatabaseConnector connector = new DatabaseConnector(System::getenv);

  private BackupBench(Settings settings) {
    this.sizes = List.copyOf(settings.sizes());
    this.server = settings.server();
    this.user = settings.user();
    this.repeat = settings.repeat();
    this.drop = settings.drop();
  }

  /** Measures every size, printing progress and then a Markdown table to {@code out}. */
  public static void run(Settings settings, PrintWriter out) throws Exception {
    new BackupBench(settings).measureAll(out);
  }

  record Row(
      int mib,
      long databaseBytes,
      long archiveBytes,
      double rawDump,
      double backup,
      double dumpFc,
      double rawRestore,
      double restoreTest) {}

  private void measureAll(PrintWriter out) throws Exception {
    int jobs = BackupEngine.defaultJobs();
    out.printf(
        "cores %d; Greenlight's default flags: pg_dump --format=directory --jobs=%d --compress=1; best of %d runs%n",
        Runtime.getRuntime().availableProcessors(), jobs, repeat);
    List<Row> rows = new ArrayList<>();
    for (int mib : sizes) {
      String database = "greenlight_bench_" + mib;
      BenchDatabase bench = new BenchDatabase(server, user, database);
      long bytes = bench.prepare(mib, out);
      rows.add(measure(bench, mib, bytes, jobs, out));
      if (drop) {
        bench.drop(database);
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
    out.flush();
  }

  private Row measure(BenchDatabase bench, int mib, long databaseBytes, int jobs, PrintWriter out)
      throws Exception {
    String database = bench.name();
    DatabaseTarget target = bench.target(database);
    BaselineResult baseline = bench.baseline(database, databaseBytes);
    Path work = Files.createTempDirectory("greenlight-bench-");
    try {
      List<String> connection = Libpq.parse(server + "/postgres", user, null).serverArguments();
      BackupEngine engine = new BackupEngine(tools, connector, Clock.systemUTC());
      Verifier verifier = new Verifier(tools, connector, Clock.systemUTC());
      BackupSpec spec =
          new BackupSpec(
              "pg_dump", work.resolve("catalog").toString(), null, null, null, List.of(), null);
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
        rawDump = Math.min(rawDump, BenchDatabase.time(command));
        BenchDatabase.deleteTree(raw);
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
        backupSeconds = Math.min(backupSeconds, BenchDatabase.seconds(start));
        if (run < repeat - 1) {
          BenchDatabase.deleteTree(Path.of(backup.location()).getParent());
        }
      }
      List<String> fc = new ArrayList<>(List.of("pg_dump"));
      fc.addAll(connection);
      fc.addAll(
          List.of(
              "--format=custom", "--file=" + work.resolve("fc.pgdump"), "--dbname=" + database));
      double dumpFc = BenchDatabase.time(fc);
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
        bench.create(scratch);
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
        double restored = BenchDatabase.time(restore);
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
        rawRestore = Math.min(rawRestore, restored + BenchDatabase.seconds(countStart));
        bench.drop(scratch);
        long start = System.nanoTime();
        verifier.verify(
            new VerifyRequest(
                backup, new VerifyBackupSpec(true, null, null, null), target, baseline),
            p -> {});
        restoreTest = Math.min(restoreTest, BenchDatabase.seconds(start));
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
      BenchDatabase.deleteTree(work);
    }
  }
}
