package dev.greenlight.cli;

import dev.greenlight.client.DeploymentSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "Open and recent deployments, newest first.")
class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 1000) {
      throw new ParameterException(
          spec.commandLine(), "--limit must be from 1 to 1000, found " + limit);
    }
    try (TemporalOptions.Connection connection = temporal.connect()) {
      List<DeploymentSummary> deployments = connection.deployments().list(limit);
      PrintWriter out = spec.commandLine().getOut();
      String format = "%-44s %-22s %-12s %-20s %-14s %s%n";
      out.printf(format, "ID", "RELEASE", "ENVIRONMENT", "STATE", "STEP", "AWAITING");
      for (DeploymentSummary d : deployments) {
        out.printf(
            format,
            d.id(),
            d.release(),
            d.environment(),
            d.state(),
            d.currentStep() == null ? "-" : d.currentStep(),
            d.awaiting().isEmpty() ? "-" : String.join(",", d.awaiting()));
      }
    }
    return 0;
  }
}
