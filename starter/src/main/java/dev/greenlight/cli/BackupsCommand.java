package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.plan.DurationParser;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.status.BackupResult;
import java.io.PrintWriter;
import java.time.Duration;
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
      "The backup catalog of a worker, through Temporal: list, verify offline, prune.",
      "Runs on the worker that holds the backups (--host), wherever this command runs."
    },
    subcommands = {
      BackupsCommand.ListBackups.class,
      BackupsCommand.VerifyBackup.class,
      BackupsCommand.Prune.class
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
        String format = "%-52s %-21s %-18s %-9s %10s %-21s %s%n";
        out.printf(format, "ID", "FINISHED", "DATABASE", "FORMAT", "SIZE", "VERIFIED", "SHA256");
        for (CatalogEntry entry : connection.catalogs(askedBy()).list(request).backups()) {
          BackupResult b = entry.backup();
          out.printf(
              format,
              b.id(),
              b.finishedAt().toString().substring(0, 19) + "Z",
              b.database(),
              b.format(),
              Sizes.bytes(b.bytes()),
              entry.verifiedAt() == null
                  ? "-"
                  : entry.verifiedAt().toString().substring(0, 19) + "Z",
              b.sha256() == null ? "-" : b.sha256().substring(0, 16) + "…");
        }
      }
      return 0;
    }
  }

  @Command(
      name = "verify",
      description = "Check a backup offline: every checksum, and that pg_restore can read it.")
  static class VerifyBackup implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Override
    public Integer call() {
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
  }

  @Command(
      name = "prune",
      description = "Delete old backups (a dry run unless --yes); never the newest verified one.")
  static class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TemporalOptions temporal;
    @Mixin CatalogOptions catalog;

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
      if (keepLast == null && olderThan == null) {
        throw new GreenlightException(
            ExitCode.USAGE, "say what to keep: --keep-last N or --older-than AGE");
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
          new PruneRequest(catalog.host(), catalog.directory, keepLast, age, yes);
      PruneResult result;
      try (TemporalOptions.Connection connection = temporal.connect()) {
        result = connection.catalogs(askedBy()).prune(request);
      }
      PrintWriter out = spec.commandLine().getOut();
      for (String id : result.delete()) {
        out.println((yes ? "deleted " : "would delete ") + id);
      }
      if (result.newestVerified() != null) {
        out.println("kept " + result.newestVerified() + " (the newest verified backup)");
      }
      out.println(
          result.delete().size()
              + (yes ? " deleted, " : " to delete, ")
              + result.keep().size()
              + " kept"
              + (yes || result.delete().isEmpty() ? "" : "; add --yes to delete"));
      return 0;
    }
  }
}
