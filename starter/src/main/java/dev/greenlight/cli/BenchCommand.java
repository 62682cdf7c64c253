package dev.greenlight.cli;

import dev.greenlight.worker.bench.BackupBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    description = {
      "Benchmark backups on the local PostgreSQL: Greenlight's backup step beside raw pg_dump with the",
      "same flags and beside pg_dump -Fc at default compression, and the restore test beside raw pg_restore.",
      "Builds (and keeps, for re-runs) databases greenlight_bench_<MiB>.",
      "'bench orchestration' and 'bench cli' measure the workflow and the command line instead;",
      "'bench apply-restore' the change and the rollback's restore; 'bench encrypt-offsite' encrypted",
      "backups and the off-site copy."
    },
    subcommands = {
      OrchestrationBenchCommand.class,
      CliBenchCommand.class,
      ChangeBenchCommand.class,
      EncryptOffsiteBenchCommand.class
    })
class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--size-mib",
      split = ",",
      defaultValue = "100,1024",
      description = "Database sizes in MiB (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Mixin BenchDatabaseOptions database;

  @Option(
      names = "--repeat",
      defaultValue = "2",
      description = "Runs of each measurement; the fastest counts (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--drop", description = "Drop the bench databases afterwards.")
  boolean drop;

  @Override
  public Integer call() throws Exception {
    BackupBench.run(
        new BackupBench.Settings(sizes, database.server, database.user, repeat, drop),
        spec.commandLine().getOut());
    return 0;
  }
}
