package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.StatusText;
import dev.greenlight.workflows.status.DeploymentStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    description =
        "Follow a deployment until it ends; exits 0 if it succeeded, 10 aborted, 11 failed.")
class WatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "ID", description = "The deployment id.")
  String id;

  @Option(
      names = "--interval-ms",
      defaultValue = "500",
      description = "How often to look (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Override
  public Integer call() throws InterruptedException {
    if (intervalMs < 50 || intervalMs > 60_000) {
      throw new ParameterException(
          spec.commandLine(), "--interval-ms must be from 50 to 60000, found " + intervalMs);
    }
    try (TemporalOptions.Connection connection = temporal.connect()) {
      DeploymentStatus last =
          follow(
              connection.deployments(),
              id,
              Duration.ofMillis(intervalMs),
              spec.commandLine().getOut(),
              status -> {});
      return exitCode(last);
    }
  }

  /** Prints every change until the deployment ends; {@code onChange} may act on each status. */
  static DeploymentStatus follow(
      dev.greenlight.client.Deployments deployments,
      String id,
      Duration interval,
      PrintWriter out,
      java.util.function.Consumer<DeploymentStatus> onChange)
      throws InterruptedException {
    DeploymentStatus[] previous = {null};
    return deployments.watch(
        id,
        interval,
        status -> {
          StatusText.changes(previous[0], status, Instant.now()).forEach(out::println);
          out.flush();
          previous[0] = status;
          onChange.accept(status);
        });
  }

  static int exitCode(DeploymentStatus status) {
    return switch (status.state()) {
      case SUCCEEDED -> ExitCode.OK.code();
      case ABORTED -> ExitCode.ABORTED.code();
      case ROLLED_BACK -> ExitCode.ROLLED_BACK.code();
      case ROLLBACK_FAILED -> ExitCode.ROLLBACK_FAILED.code();
      default -> ExitCode.FAILED.code();
    };
  }
}
