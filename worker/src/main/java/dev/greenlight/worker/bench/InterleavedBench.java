package dev.greenlight.worker.bench;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.backup.PgTools;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench whose rows each time Greenlight beside its yardstick in one run, interleaved, on one
 * bench database: it prepares the database, prints the heading line, measures the rows in a working
 * folder, cleans up and prints the table. Subclasses say what the rows are.
 */
abstract class InterleavedBench {

  final PrintWriter out;
  final BenchDatabase bench;
  final PgTools tools = new PgTools(null);
  final DatabaseConnector connector = new DatabaseConnector(System::getenv);

  /** What each side left behind after its last run, by side. */
  final Map<String, String> evidence = new LinkedHashMap<>();

  private final Settings settings;
  private final String workPrefix;

  /** What every interleaved bench is given: its database, the server, the runs, dropping. */
  interface Settings {
    /** The bench database's size in MiB. */
    int mib();

    /** Its name ({@code greenlight_bench_<MiB>} from the CLI). */
    String database();

    /** A JDBC URL without a database. */
    String server();

    String user();

    /** Timed runs of each side. */
    int runs();

    /** Drop the bench database afterwards. */
    boolean drop();
  }

  /**
   * @param workPrefix the prefix of the working folder's name
   */
  InterleavedBench(Settings settings, String workPrefix, PrintWriter out) {
    this.out = out;
    this.bench = new BenchDatabase(settings.server(), settings.user(), settings.database());
    this.settings = settings;
    this.workPrefix = workPrefix;
  }

  /**
   * Adds this bench's rows to {@code rows}, measured in {@code work}; the database is {@code
   * bytes}.
   */
  abstract void measure(Path work, long bytes, List<Comparison> rows) throws Exception;

  /** Runs the bench, printing progress and the table to {@code out}; the rows. */
  final List<Comparison> rows() throws Exception {
    long bytes = bench.prepareInterleaved(settings.mib(), settings.runs(), out);
    Path work = Files.createTempDirectory(workPrefix);
    List<Comparison> rows = new ArrayList<>();
    try {
      measure(work, bytes, rows);
    } finally {
      bench.cleanUp(work, settings.drop());
    }
    Comparison.print(rows, out);
    return rows;
  }
}
