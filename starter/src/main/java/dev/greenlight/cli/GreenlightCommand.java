package dev.greenlight.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The root command. Its subcommands are {@link #SUBCOMMANDS}, added by {@link Main} when the
 * command line is built: only the one named on the command line when there is one, so that a short
 * command does not build (and load the classes of) the 16 others.
 */
@Command(
    name = "greenlight",
    mixinStandardHelpOptions = true,
    // Every subcommand takes --help: the one-line errors say "see 'greenlight status --help'".
    scope = picocli.CommandLine.ScopeType.INHERIT,
    version = "greenlight 0.1.0",
    description = "Gated, audited database deployments as durable Temporal workflows.")
public class GreenlightCommand implements Runnable {

  /** Every subcommand, in the order the help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          BenchCommand.class);

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
