package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.Freshness;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.plan.DurationParser;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.PinRequest;
import dev.greenlight.workflows.activities.PinResult;
import dev.greenlight.workflows.activities.PruneDecision;
import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import dev.greenlight.workflows.catalog.VerificationReport;
import dev.greenlight.workflows.catalog.VerificationRequest;
import dev.greenlight.workflows.format.Durations;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.status.BackupResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "backups",
    description = {
      "The backup catalog of a worker, through Temporal: list, verify offline, prune, pin.",
      "Runs on the worker that holds the backups (--host), wherever this command runs."
    },
    subcommands = {
      BackupsCommand.ListBackups.class,
      BackupsCommand.VerifyBackup.class,
      BackupsCommand.Check.class,
      BackupsCommand.Prune.class,
      BackupsCommand.Pin.class,
      BackupsCommand.Unpin.class
    })
class BackupsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Whose catalog: a host's worker, and a directory as that worker sees it. */
  static class CatalogOptions {
    @Option(
        names = "--host",
        paramLabel = "NAME",
        description =
            "The host whose catalog: its worker's --host-name (default: any worker, through the shared task queue).")
    String host;

    @Option(
        names = "--directory",
        paramLabel = "DIR",
        description =
            "Catalog directory on that worker (default: the worker's $GREENLIGHT_BACKUP_DIR, else ./backups in its working directory).")
    String directory;

    String host() {
      if (host != null && !TaskQueues.isHostName(host)) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "--host: '"
                + host
                + "' is not a host name (lower-case letters, digits, dots, dashes, underscores)");
      }
      return host;
    }
  }

  /** Who runs the command, for the workflow's summary in the Temporal UI. */
  static String askedBy() {
    return System.getProperty("user.name", "unknown");
  }

  @Command(name = "list", description = "Backups in the catalog, newest first.")
  static class ListBackups implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Override
    public Integer call() {
      CatalogRequest request = new CatalogRequest(catalog.host(), catalog.directory);
      try (TemporalOptions.Connection connection = temporal.connect()) {
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-52s %-21s %-18s %-9s %10s %-21s %-17s %-6s %-10s %s%n";
        out.printf(
            format,
            "ID",
            "FINISHED",
            "DATABASE",
            "FORMAT",
            "SIZE",
            "VERIFIED",
            "SHA256",
            "PINNED",
            "KEY",
            "OFFSITE");
        List<CatalogEntry> failed = new ArrayList<>();
        for (CatalogEntry entry : connection.catalogs(askedBy()).list(request).backups()) {
          if (entry.failed()) {
            failed.add(entry);
          }
          BackupResult b = entry.backup();
          out.printf(
              format,
              b.id(),
              b.finishedAt().toString().substring(0, 19) + "Z",
              b.database(),
              b.format(),
              Sizes.bytes(b.bytes()),
              entry.failed()
                  ? "FAILED"
                  : entry.verifiedAt() == null
                      ? "-"
                      : entry.verifiedAt().toString().substring(0, 19) + "Z",
              b.sha256() == null ? "-" : b.sha256().substring(0, 16) + "…",
              entry.pinReason() == null ? "-" : "yes",
              b.encryption() == null ? "-" : b.encryption().keyId(),
              b.offsite() == null ? "-" : b.offsite().location());
        }
        for (CatalogEntry entry : failed) {
          out.println(
              entry.backup().id()
                  + " FAILED its last check at "
                  + entry.lastCheck().at().toString().substring(0, 19)
                  + "Z ("
                  + entry.lastCheck().copy()
                  + " copy): "
                  + OneLine.of(String.valueOf(entry.lastCheck().detail())));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "verify",
      description = {
        "Check a backup offline: every checksum, and that pg_restore can read it. With",
        "--restore-test also restore it into a scratch database and compare its row counts with",
        "the baseline in its manifest, timed against --rto; the result is recorded in the catalog."
      })
  static class VerifyBackup implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Option(names = "--restore-test", description = "Restore-test it too (as a scheduled run).")
    boolean restoreTest;

    @Option(
        names = "--offsite",
        description = "With --restore-test: test the off-site copy (downloaded and checked).")
    boolean offsite;

    @Option(
        names = "--scratch-url",
        paramLabel = "JDBC_URL",
        description =
            "With --restore-test: server for the scratch database (default: the backup's).")
    String scratchUrl;

    @Option(
        names = "--rto",
        paramLabel = "DURATION",
        description = "With --restore-test: a slower restore fails, 1m to 7d.")
    String rto;

    @Override
    public Integer call() {
      if (!restoreTest && (offsite || scratchUrl != null || rto != null)) {
        throw new GreenlightException(
            ExitCode.USAGE, "--offsite, --scratch-url and --rto go with --restore-test");
      }
      if (restoreTest) {
        return restoreTest();
      }
      ArchiveRequest request = new ArchiveRequest(catalog.host(), catalog.directory, id);
      try (TemporalOptions.Connection connection = temporal.connect()) {
        ArchiveVerification check = connection.catalogs(askedBy()).verify(request);
        spec.commandLine()
            .getOut()
            .println(
                "backup "
                    + id
                    + ": "
                    + check.filesChecked()
                    + " files match their checksums; pg_restore reads "
                    + check.archiveEntries()
                    + " entries");
      }
      return 0;
    }

    private int restoreTest() {
      VerificationRequest request =
          new VerificationRequest(
              catalog.host(),
              catalog.directory,
              null,
              null,
              1,
              VerifyScheduleCommand.scratchUrl(scratchUrl),
              rto == null
                  ? null
                  : VerifyScheduleCommand.duration(
                      "--rto", rto, VerifyScheduleCommand.MIN_RTO, VerifyScheduleCommand.MAX_RTO),
              null,
              false,
              0,
              id,
              offsite ? BackupCheck.OFFSITE : BackupCheck.LOCAL);
      try (TemporalOptions.Connection connection = temporal.connect()) {
        printReport(
            spec.commandLine().getOut(), connection.catalogs(askedBy()).restoreTest(request));
      }
      return 0;
    }
  }

  /** One line per backup tested: passed, its copy, the restore time and what was found. */
  static void printReport(PrintWriter out, VerificationReport report) {
    for (VerificationReport.Outcome outcome : report.outcomes()) {
      BackupCheck check = outcome.check();
      out.println(
          "backup "
              + outcome.backupId()
              + " ("
              + check.copy()
              + " copy): "
              + (check.passed() ? "passed" : "FAILED")
              + (check.restoreMillis() == null
                  ? ""
                  : ", restored in "
                      + Durations.format(Duration.ofMillis(check.restoreMillis()))
                      + " ("
                      + check.restoreMillis()
                      + " ms)")
              + (check.detail() == null ? "" : "; " + check.detail()));
    }
    if (report.outcomes().isEmpty()) {
      out.println("no backups in " + report.directory() + " on host " + report.host());
    }
  }

  @Command(
      name = "check",
      description = {
        "For cron and monitoring: exit 0 when a verified backup newer than --max-age exists and the",
        "newest backup did not fail its last check; otherwise exit 14 with the reason."
      })
  static class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Option(
        names = "--max-age",
        required = true,
        paramLabel = "AGE",
        description = "How old the newest verified backup may be, 1m to 3650d (e.g. 26h).")
    String maxAge;

    @Override
    public Integer call() {
      Duration age =
          VerifyScheduleCommand.duration(
              "--max-age", maxAge, Duration.ofMinutes(1), Duration.ofDays(3650));
      CatalogRequest request = new CatalogRequest(catalog.host(), catalog.directory);
      CatalogListing listing;
      try (TemporalOptions.Connection connection = temporal.connect()) {
        listing = connection.catalogs(askedBy()).list(request);
      }
      String problem = Freshness.problem(listing, Instant.now(), age);
      if (problem != null) {
        throw new GreenlightException(ExitCode.STALE, problem);
      }
      spec.commandLine().getOut().println(Freshness.fine(listing, Instant.now()));
      return 0;
    }
  }

  @Command(
      name = "prune",
      description = {
        "Show every backup with keep or delete and the reason; delete only with --yes.",
        "Never deleted, whatever the rules: a pinned backup (a deployment's way back), the newest",
        "restore-tested and the newest verified backup, a backup still being taken."
      })
  static class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Option(
        names = "--keep",
        paramLabel = "RULES",
        description =
            "Retention rules, e.g. daily=14,weekly=12,monthly=12 (also last, hourly, yearly,"
                + " within=AGE). Empty: delete nothing.")
    String keep;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N backups.")
    Integer keepLast;

    @Option(
        names = "--older-than",
        paramLabel = "AGE",
        description = "Delete backups older than AGE (e.g. 30d).")
    String olderThan;

    @Option(names = "--yes", description = "Delete for real.")
    boolean yes;

    @Override
    public Integer call() {
      if (keep == null && keepLast == null && olderThan == null) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "say what to keep: --keep RULES (such as daily=14,weekly=12,monthly=12),"
                + " --keep-last N or --older-than AGE");
      }
      if (keep != null && (keepLast != null || olderThan != null)) {
        throw new GreenlightException(
            ExitCode.USAGE, "give --keep alone (last=N and within=AGE are rules of --keep too)");
      }
      if (keepLast != null && keepLast < 0) {
        throw new GreenlightException(ExitCode.USAGE, "--keep-last must be 0 or more");
      }
      Duration age = olderThan == null ? null : DurationParser.parse(olderThan);
      if (olderThan != null && age == null) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "--older-than: expected an age such as 30d or 12h, found '" + olderThan + "'");
      }
      PruneRequest request =
          new PruneRequest(catalog.host(), catalog.directory, keep, keepLast, age, yes);
      PruneResult result;
      try (TemporalOptions.Connection connection = temporal.connect()) {
        result = connection.catalogs(askedBy()).prune(request);
      }
      PrintWriter out = spec.commandLine().getOut();
      for (PruneDecision decision : result.decisions()) {
        String verb = decision.keep() ? "keep" : yes ? "deleted" : "would delete";
        out.printf("%-12s %s  %s%n", verb, decision.backupId(), decision.reason());
      }
      long toDelete = result.toDelete();
      out.println(
          toDelete
              + (yes ? " deleted, " : " to delete, ")
              + (result.decisions().size() - toDelete)
              + " kept"
              + (yes || toDelete == 0 ? "" : "; add --yes to delete"));
      return 0;
    }
  }

  @Command(
      name = "pin",
      description = "Keep a backup through every prune until it is unpinned, with the reason.")
  static class Pin implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why it must be kept.")
    String reason;

    @Override
    public Integer call() {
      PinRequest request = new PinRequest(catalog.host(), catalog.directory, id, reason);
      try (TemporalOptions.Connection connection = temporal.connect()) {
        connection.catalogs(askedBy()).pin(request);
      }
      spec.commandLine().getOut().println("pinned " + id + ": " + reason);
      return 0;
    }
  }

  @Command(
      name = "unpin",
      description = "Let the retention rules decide about a pinned backup again.")
  static class Unpin implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Override
    public Integer call() {
      PinRequest request = new PinRequest(catalog.host(), catalog.directory, id, null);
      PinResult result;
      try (TemporalOptions.Connection connection = temporal.connect()) {
        result = connection.catalogs(askedBy()).pin(request);
      }
      spec.commandLine()
          .getOut()
          .println(
              result.previousReason() == null
                  ? id + " was not pinned"
                  : "unpinned " + id + " (was: " + result.previousReason() + ")");
      return 0;
    }
  }
}
