package dev.greenlight.cli;

import dev.greenlight.workflows.AbortRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "abort",
    description = "Stop a deployment now; cleanup runs and the war room is told.")
class AbortCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "ID", description = "The deployment id.")
  String id;

  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who aborts.")
  String by;

  @Option(names = "--reason", required = true, description = "Why.")
  String reason;

  @Mixin Signing signing;

  @Override
  public Integer call() {
    try (TemporalOptions.Connection connection = temporal.connect()) {
      var deployments = connection.deployments();
      deployments.abort(
          id, new AbortRequest(by, "cli", reason), signing.signer(() -> deployments.plan(id), by));
      spec.commandLine().getOut().println("abort requested for " + id);
    }
    return 0;
  }
}
