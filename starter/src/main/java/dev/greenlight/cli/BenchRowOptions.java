package dev.greenlight.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of an interleaved bench row ({@code bench apply-restore}, {@code bench
 * encrypt-offsite}): one database size, the timed runs, the server, dropping afterwards.
 */
class BenchRowOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--size-mib",
      defaultValue = "100",
      description = "Database size in MiB, 1 to 65536 (default: ${DEFAULT-VALUE}).")
  int size;

  @Mixin BenchDatabaseOptions database;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description =
          "Timed runs of each side, 1 to 50, after one untimed (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--drop", description = "Drop the bench database afterwards.")
  boolean drop;

  /** The bench database's name for {@link #size}. */
  String databaseName() {
    return "greenlight_bench_" + size;
  }

  /** The ranges of the options: a usage error (exit 2) naming the option when outside. */
  void check() {
    if (size < 1 || size > 65536) {
      throw new ParameterException(
          mixee.commandLine(), "--size-mib must be from 1 to 65536, found " + size);
    }
    if (runs < 1 || runs > 50) {
      throw new ParameterException(
          mixee.commandLine(), "--runs must be from 1 to 50, found " + runs);
    }
  }
}
