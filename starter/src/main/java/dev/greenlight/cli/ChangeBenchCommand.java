package dev.greenlight.cli;

import dev.greenlight.worker.bench.ChangeBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "apply-restore",
    description = {
      "The change and the way back on the local PostgreSQL, interleaved: the apply step (a deployment",
      "of one apply step on an embedded server) beside Flyway migrate and psql -f on the same files,",
      "each on a fresh copy of greenlight_bench_<MiB>; the rollback's restore beside raw pg_restore",
      "with the same flags, from the same archive into the same target."
    })
class ChangeBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--size-mib",
      defaultValue = "100",
      description = "Database size in MiB, 1 to 65536 (default: ${DEFAULT-VALUE}).")
  int size;

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
      names = "--runs",
      defaultValue = "5",
      description =
          "Timed runs of each side, 1 to 50, after one untimed (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--drop", description = "Drop the bench database afterwards.")
  boolean drop;

  @Override
  public Integer call() throws Exception {
    BenchRanges.check(spec, size, runs);
    ChangeBench.run(
        new ChangeBench.Settings(size, "greenlight_bench_" + size, server, user, runs, drop),
        spec.commandLine().getOut());
    return 0;
  }

  /** The ranges of the bench options: a usage error (exit 2) naming the option when outside. */
  static final class BenchRanges {
    private BenchRanges() {}

    static void check(CommandSpec spec, int size, int runs) {
      if (size < 1 || size > 65536) {
        throw new ParameterException(
            spec.commandLine(), "--size-mib must be from 1 to 65536, found " + size);
      }
      if (runs < 1 || runs > 50) {
        throw new ParameterException(
            spec.commandLine(), "--runs must be from 1 to 50, found " + runs);
      }
    }
  }
}
