package dev.greenlight.cli;

import dev.greenlight.client.StatusText;
import dev.greenlight.workflows.status.DeploymentStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Where a deployment stands, step by step.")
class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "ID", description = "The deployment id.")
  String id;

  @Option(names = "--json", description = "Print the full status record as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (TemporalOptions.Connection connection = temporal.connectOnFirstCall()) {
      DeploymentStatus status = connection.reaching(() -> connection.deployments().status(id));
      if (json) {
        spec.commandLine().getOut().println(Json.write(status));
      } else {
        StatusText.full(status).forEach(spec.commandLine().getOut()::println);
      }
    }
    return 0;
  }
}
