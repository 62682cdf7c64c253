package dev.greenlight.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(
    name = "greenlight",
    mixinStandardHelpOptions = true,
    version = "greenlight 0.1.0",
    description = "Gated, audited database deployments as durable Temporal workflows.",
    subcommands = {
      DevCommand.class,
      WorkerCommand.class,
      SlackCommand.class,
      DemoCommand.class,
      StartCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      AbortCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ReportCommand.class,
      ListCommand.class,
      PlanCommand.class,
      BackupsCommand.class,
      VerifyScheduleCommand.class,
      RestoreCommand.class,
      RollbackCommand.class,
      KeysCommand.class,
      BenchCommand.class
    })
public class GreenlightCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      description = "Show stack traces of errors.",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static boolean verbose(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
