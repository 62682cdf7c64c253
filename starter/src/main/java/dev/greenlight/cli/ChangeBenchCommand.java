package dev.greenlight.cli;

import dev.greenlight.worker.bench.ChangeBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin BenchRowOptions options;

  @Override
  public Integer call() throws Exception {
    options.check();
    ChangeBench.run(
        new ChangeBench.Settings(
            options.size,
            options.databaseName(),
            options.database.server,
            options.database.user,
            options.runs,
            options.drop),
        spec.commandLine().getOut());
    return 0;
  }
}
