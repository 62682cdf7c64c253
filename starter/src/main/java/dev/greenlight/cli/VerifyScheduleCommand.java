package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.client.VerificationSchedules;
import dev.greenlight.plan.DurationParser;
import dev.greenlight.plan.Secrets;
import dev.greenlight.workflows.catalog.VerificationRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify-schedule",
    description = {
      "Scheduled restore tests of a catalog: the newest backup every run and, rolling, every",
      "retained one at least once per coverage period, against its manifest's baseline and the RTO.",
      "create needs a Temporal server with Schedules; on the dev server use run --loop."
    },
    subcommands = {
      VerifyScheduleCommand.Create.class,
      VerifyScheduleCommand.Run.class,
      VerifyScheduleCommand.ListSchedules.class,
      VerifyScheduleCommand.Delete.class
    })
class VerifyScheduleCommand implements Runnable {

  static final Duration MIN_EVERY = Duration.ofHours(1);
  static final Duration MAX_EVERY = Duration.ofDays(90);
  static final Duration MIN_RTO = Duration.ofMinutes(1);
  static final Duration MAX_RTO = Duration.ofDays(7);
  static final Duration MAX_COVERAGE = Duration.ofDays(3650);
  static final int MAX_PER_RUN = 100;
  private static final Pattern CHANNEL = Pattern.compile("#?[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What to verify and how; shared by create and run. */
  static class VerificationOptions {
    @Mixin BackupsCommand.CatalogOptions catalog;

    @Option(
        names = "--every",
        required = true,
        paramLabel = "PERIOD",
        description = "How often to run, 1h to 90d (e.g. 7d).")
    String every;

    @Option(
        names = "--coverage",
        paramLabel = "PERIOD",
        description =
            "Restore-test every retained backup at least once per PERIOD, --every to 3650d (default: 4 × --every).")
    String coverage;

    @Option(
        names = "--per-run",
        paramLabel = "N",
        description = "At most N restore tests per run, the newest included, 1 to 100 (default 3).")
    Integer perRun;

    @Option(
        names = "--scratch-url",
        paramLabel = "JDBC_URL",
        description =
            "Server for the throwaway scratch databases (default: the server each backup came from).")
    String scratchUrl;

    @Option(
        names = "--rto",
        paramLabel = "DURATION",
        description = "A restore slower than this fails its check, 1m to 7d (default: none).")
    String rto;

    @Option(
        names = "--war-room",
        paramLabel = "CHANNEL",
        description = "Slack channel told of failures (default: the worker's log).")
    String warRoom;

    VerificationRequest request(boolean loop) {
      Duration period = duration("--every", every, MIN_EVERY, MAX_EVERY);
      Duration covered =
          coverage == null
              ? VerificationRequest.defaultCoverage(period)
              : duration("--coverage", coverage, period, MAX_COVERAGE);
      int tests = perRun == null ? VerificationRequest.DEFAULT_PER_RUN : perRun;
      if (tests < 1 || tests > MAX_PER_RUN) {
        throw new GreenlightException(
            ExitCode.USAGE, "--per-run: expected 1 to " + MAX_PER_RUN + ", found " + tests);
      }
      if (warRoom != null && !CHANNEL.matcher(warRoom).matches()) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "--war-room: expected a Slack channel such as #db-war-room or C0123ABCD, found '"
                + OneLine.of(warRoom)
                + "'");
      }
      return new VerificationRequest(
          catalog.host(),
          catalog.directory,
          period,
          covered,
          tests,
          scratchUrl(scratchUrl),
          rto == null ? null : duration("--rto", rto, MIN_RTO, MAX_RTO),
          warRoom,
          loop,
          0,
          null,
          null);
    }
  }

  /** A duration option within its range, or a one-line usage error. */
  static Duration duration(String option, String text, Duration min, Duration max) {
    Duration value = DurationParser.parse(text);
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new GreenlightException(
          ExitCode.USAGE,
          option
              + ": expected "
              + dev.greenlight.workflows.format.Durations.format(min)
              + " to "
              + dev.greenlight.workflows.format.Durations.format(max)
              + ", found '"
              + OneLine.of(text)
              + "'");
    }
    return value;
  }

  /** A scratch server URL without credentials, or null. */
  static String scratchUrl(String url) {
    if (url == null) {
      return null;
    }
    String problem = Secrets.jdbcProblem(url);
    if (problem != null) {
      throw new GreenlightException(ExitCode.USAGE, "--scratch-url: " + OneLine.of(problem));
    }
    return url;
  }

  @Command(
      name = "create",
      description =
          "Create a Temporal Schedule running the verification every --every (a server with Schedules).")
  static class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin VerificationOptions options;

    @Override
    public Integer call() {
      VerificationRequest request = options.request(false);
      try (TemporalOptions.Connection connection = temporal.connect()) {
        String id =
            new VerificationSchedules(connection.service(), connection.client())
                .create(request, BackupsCommand.askedBy());
        spec.commandLine()
            .getOut()
            .println(
                "created schedule "
                    + id
                    + ": every "
                    + dev.greenlight.workflows.format.Durations.format(request.every())
                    + ", overlapping runs skipped, missed runs made up within "
                    + dev.greenlight.workflows.format.Durations.format(
                        VerificationSchedules.CATCHUP_WINDOW));
      }
      return 0;
    }
  }

  @Command(
      name = "run",
      description = {
        "Run the verification now: once (waits, exit 7 when a check fails), or with --loop as a",
        "workflow that sleeps --every and runs again (where the server has no Schedules)."
      })
  static class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin VerificationOptions options;

    @Option(names = "--loop", description = "Keep running every --every until deleted.")
    boolean loop;

    @Override
    public Integer call() {
      VerificationRequest request = options.request(loop);
      PrintWriter out = spec.commandLine().getOut();
      try (TemporalOptions.Connection connection = temporal.connect()) {
        if (loop) {
          String id =
              new VerificationSchedules(connection.service(), connection.client())
                  .startLoop(request, BackupsCommand.askedBy());
          out.println(
              "started verification loop "
                  + id
                  + ": a run now, then every "
                  + dev.greenlight.workflows.format.Durations.format(request.every())
                  + "; stop it with 'greenlight verify-schedule delete "
                  + id
                  + "'");
          return 0;
        }
        BackupsCommand.printReport(
            out, connection.catalogs(BackupsCommand.askedBy()).restoreTest(request));
      }
      return 0;
    }
  }

  @Command(name = "list", description = "The verification schedules on the server.")
  static class ListSchedules implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;

    @Override
    public Integer call() {
      try (TemporalOptions.Connection connection = temporal.connect()) {
        List<String> lines =
            new VerificationSchedules(connection.service(), connection.client()).list();
        PrintWriter out = spec.commandLine().getOut();
        lines.forEach(out::println);
        if (lines.isEmpty()) {
          out.println("no verification schedules");
        }
      }
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete a verification schedule, or stop a loop.")
  static class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;

    @Parameters(paramLabel = "ID", description = "The schedule or loop id (see list).")
    String id;

    @Override
    public Integer call() {
      if (!id.startsWith(VerificationSchedules.PREFIX) || id.length() > 200) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "expected a verification id ("
                + VerificationSchedules.PREFIX
                + "…), found '"
                + OneLine.of(id)
                + "'");
      }
      try (TemporalOptions.Connection connection = temporal.connect()) {
        VerificationSchedules schedules =
            new VerificationSchedules(connection.service(), connection.client());
        try {
          schedules.delete(id);
          spec.commandLine().getOut().println("deleted schedule " + id);
        } catch (GreenlightException e) {
          if (e.exitCode() != ExitCode.NO_SCHEDULES && e.exitCode() != ExitCode.NOT_FOUND) {
            throw e;
          }
          schedules.stopLoop(id);
          spec.commandLine().getOut().println("stopped verification loop " + id);
        }
      }
      return 0;
    }
  }
}
