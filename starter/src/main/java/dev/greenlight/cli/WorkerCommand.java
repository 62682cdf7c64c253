package dev.greenlight.cli;

import dev.greenlight.worker.GreenlightWorker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker", description = "Run a Greenlight worker against a Temporal server.")
class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Option(
      names = "--no-sticky",
      description = "Turn sticky execution off (needed against 'greenlight dev' for a restarted worker to resume).")
  boolean noSticky;

  @Override
  public Integer call() throws InterruptedException {
    try (TemporalOptions.Connection connection = temporal.connect();
        GreenlightWorker worker = GreenlightWorker.start(connection.client(), !noSticky, System::getenv)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "Greenlight worker polling task queue greenlight on "
              + temporal.config().address()
              + " (namespace "
              + temporal.config().namespace()
              + ", sticky execution "
              + (noSticky ? "off" : "on")
              + ")");
      out.flush();
      worker.awaitTermination();
    }
    return 0;
  }
}
