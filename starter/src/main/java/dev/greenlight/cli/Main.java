package dev.greenlight.cli;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.plan.PlanException;
import dev.greenlight.worker.ConfigurationException;
import dev.greenlight.worker.TemporalUnreachableException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** {@code greenlight}: exit codes are {@link ExitCode}; a user's mistake is one line on stderr. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given output streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  /**
   * The command line for {@code args}: the root with the subcommand {@code args} name, or with all
   * of them when they name none that exists (the root's help, a mistyped name and its suggestions).
   * Building a subcommand's model loads its classes, and some (keys, backups, bench) pull in
   * libraries a short command never uses.
   */
  static CommandLine commandLine(String... arguments) {
    CommandLine commandLine = new CommandLine(new GreenlightCommand());
    Class<?> named = subcommandNamed(arguments);
    for (Class<?> subcommand : GreenlightCommand.SUBCOMMANDS) {
      if (named == null || named == subcommand) {
        commandLine.addSubcommand(subcommand);
      }
    }
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(exitCodeList());
    commandLine.setExitCodeExceptionMapper(Main::exitCode);
    commandLine.setExecutionStrategy(Main::requireSubcommand);
    commandLine.setParameterExceptionHandler(
        (error, args) -> {
          CommandLine line = error.getCommandLine();
          line.getErr()
              .println(
                  OneLine.of(error.getMessage())
                      + " (see '"
                      + line.getCommandSpec().qualifiedName()
                      + " --help')");
          line.getErr().flush();
          return ExitCode.USAGE.code();
        });
    commandLine.setExecutionExceptionHandler(
        (error, line, parsed) -> {
          PrintWriter err = line.getErr();
          err.println("greenlight: " + OneLine.of(message(error)));
          if (exitCode(error) == ExitCode.INTERNAL.code() || GreenlightCommand.verbose(parsed)) {
            error.printStackTrace(err);
          }
          err.flush();
          return exitCode(error);
        });
    return commandLine;
  }

  /**
   * The subcommand the first argument that is not an option names (the root's options take no
   * values), or null; null too after the root's own help or version option, which lists them all.
   */
  private static Class<?> subcommandNamed(String[] args) {
    for (String arg : args) {
      if (!arg.equals("--verbose") && arg.startsWith("-")) {
        return null;
      }
      if (arg.startsWith("-")) {
        continue;
      }
      for (Class<?> subcommand : GreenlightCommand.SUBCOMMANDS) {
        if (subcommand.getAnnotation(CommandLine.Command.class).name().equals(arg)) {
          return subcommand;
        }
      }
      return null;
    }
    return null;
  }

  /** The help's exit-code list, from {@link ExitCode}: its one source. */
  static Map<String, String> exitCodeList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      list.put(String.format("%2d", code.code()), code.meaning());
    }
    return list;
  }

  /**
   * Runs the command, but refuses a command that only groups others ({@code greenlight}, {@code
   * greenlight plan}) when none of them is named (a group that does something itself, {@code
   * greenlight bench}, runs): that is a mistake, not a success. An {@code ID} argument that cannot
   * name anything (empty, control characters) is refused before the command connects anywhere.
   */
  private static int requireSubcommand(CommandLine.ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    CommandLine.ParseResult last = parsed;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    if (!last.commandSpec().subcommands().isEmpty()
        && !(last.commandSpec().userObject() instanceof java.util.concurrent.Callable)) {
      throw new CommandLine.ParameterException(
          last.commandSpec().commandLine(),
          "Missing a command: one of "
              + String.join(", ", last.commandSpec().subcommands().keySet()));
    }
    for (CommandLine.Model.PositionalParamSpec positional :
        last.commandSpec().positionalParameters()) {
      if (positional.paramLabel().equals("ID") && positional.getValue() instanceof String id) {
        String problem = Deployments.idProblem(id);
        if (problem != null) {
          throw new CommandLine.ParameterException(last.commandSpec().commandLine(), problem);
        }
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  private static int exitCode(Throwable error) {
    if (error instanceof GreenlightException e) {
      return e.exitCode().code();
    }
    if (error instanceof PlanException || error instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE.code();
    }
    if (error instanceof ConfigurationException) {
      return ExitCode.USAGE.code();
    }
    if (error instanceof TemporalUnreachableException) {
      return ExitCode.UNREACHABLE.code();
    }
    return ExitCode.INTERNAL.code();
  }

  private static String message(Throwable error) {
    if (exitCode(error) == ExitCode.INTERNAL.code()) {
      return "internal error: " + error;
    }
    return error.getMessage();
  }
}
