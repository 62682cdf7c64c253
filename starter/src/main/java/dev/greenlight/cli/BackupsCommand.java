package dev.greenlight.cli;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.RetentionPolicy;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.plan.DurationParser;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "backups",
    description = "The backup catalog: list, verify offline, prune, pin.",
    subcommands = {
      BackupsCommand.ListBackups.class,
      BackupsCommand.VerifyBackup.class,
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

  /** {@code --directory}, then {@code $GREENLIGHT_BACKUP_DIR}, then {@code ./backups}. */
  static class CatalogOption {
    @Option(
        names = "--directory",
        paramLabel = "DIR",
        description = "Backup catalog (default: $GREENLIGHT_BACKUP_DIR or ./backups).")
    Path directory;

    Path resolve() {
      if (directory != null) {
        return directory;
      }
      String fromEnvironment = System.getenv("GREENLIGHT_BACKUP_DIR");
      return Path.of(
          fromEnvironment == null || fromEnvironment.isBlank() ? "backups" : fromEnvironment);
    }
  }

  static Catalog.Entry find(Path catalog, String id) {
    return Catalog.find(catalog, id)
        .orElseThrow(
            () ->
                new GreenlightException(ExitCode.NOT_FOUND, "no backup " + id + " in " + catalog));
  }

  @Command(name = "list", description = "Backups in the catalog, newest first.")
  static class ListBackups implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false)
    CatalogOption catalog = new CatalogOption();

    @Override
    public Integer call() {
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
      for (Catalog.Entry entry : Catalog.list(catalog.resolve())) {
        BackupResult b = entry.manifest().backup();
        out.printf(
            format,
            b.id(),
            b.finishedAt().toString().substring(0, 19) + "Z",
            b.database(),
            b.format(),
            Sizes.bytes(b.bytes()),
            entry.manifest().verifiedAt() == null
                ? "-"
                : entry.manifest().verifiedAt().toString().substring(0, 19) + "Z",
            b.sha256() == null ? "-" : b.sha256().substring(0, 16) + "…",
            entry.manifest().pin() == null ? "-" : "yes",
            b.encryption() == null ? "-" : b.encryption().keyId(),
            b.offsite() == null ? "-" : b.offsite().location());
      }
      return 0;
    }
  }

  @Command(
      name = "verify",
      description = "Check a backup offline: every checksum, and that pg_restore can read it.")
  static class VerifyBackup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false)
    CatalogOption catalog = new CatalogOption();

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Override
    public Integer call() {
      Catalog.Entry entry = find(catalog.resolve(), id);
      Verifier verifier =
          new Verifier(
              PgTools.fromEnvironment(System::getenv),
              new DatabaseConnector(System::getenv),
              Clock.systemUTC());
      try {
        Verifier.ArchiveCheck check = verifier.checkArchive(entry.manifest().backup());
        spec.commandLine()
            .getOut()
            .println(
                "backup "
                    + id
                    + ": "
                    + check.files()
                    + " files match their checksums; pg_restore reads "
                    + check.entries().size()
                    + " entries");
        return 0;
      } catch (ApplicationFailure failure) {
        throw new GreenlightException(
            ExitCode.VERIFICATION_FAILED,
            "backup " + id + " failed verification: " + failure.getOriginalMessage());
      }
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

    @ArgGroup(exclusive = false)
    CatalogOption catalog = new CatalogOption();

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
    public Integer call() throws Exception {
      RetentionPolicy policy = policy();
      Catalog.PrunePlan plan =
          Catalog.planPrune(catalog.resolve(), policy, Set.of(), Instant.now());
      PrintWriter out = spec.commandLine().getOut();
      int deleted = 0;
      for (Catalog.Decision decision : plan.decisions()) {
        String verb = decision.keep() ? "keep" : yes ? "deleted" : "would delete";
        String reason = decision.reason();
        if (!decision.keep() && yes) {
          if (Catalog.delete(decision.entry())) {
            deleted++;
          } else {
            verb = "keep";
            reason = "pinned while the prune ran";
          }
        }
        out.printf("%-12s %s  %s%n", verb, decision.entry().id(), reason);
      }
      int toDelete = yes ? deleted : plan.delete().size();
      out.println(
          toDelete
              + (yes ? " deleted, " : " to delete, ")
              + (plan.decisions().size() - toDelete)
              + " kept"
              + (yes || plan.delete().isEmpty() ? "" : "; add --yes to delete"));
      return 0;
    }

    private RetentionPolicy policy() {
      if (keep == null && keepLast == null && olderThan == null) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "say what to keep: --keep RULES (such as daily=14,weekly=12,monthly=12),"
                + " --keep-last N or --older-than AGE");
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
      if (keep == null) {
        return RetentionPolicy.of(keepLast, age);
      }
      if (keepLast != null || age != null) {
        throw new GreenlightException(
            ExitCode.USAGE, "give --keep alone (last=N and within=AGE are rules of --keep too)");
      }
      try {
        return RetentionPolicy.parse(keep);
      } catch (IllegalArgumentException e) {
        throw new GreenlightException(
            ExitCode.USAGE, "--keep: " + e.getMessage() + "; nothing deleted");
      }
    }
  }

  @Command(
      name = "pin",
      description = "Keep a backup through every prune until it is unpinned, with the reason.")
  static class Pin implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false)
    CatalogOption catalog = new CatalogOption();

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why it must be kept.")
    String reason;

    @Override
    public Integer call() throws Exception {
      find(catalog.resolve(), id);
      Catalog.pin(catalog.resolve(), id, reason, Instant.now());
      spec.commandLine().getOut().println("pinned " + id + ": " + reason);
      return 0;
    }
  }

  @Command(
      name = "unpin",
      description = "Let the retention rules decide about a pinned backup again.")
  static class Unpin implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false)
    CatalogOption catalog = new CatalogOption();

    @Parameters(paramLabel = "ID", description = "The backup id.")
    String id;

    @Override
    public Integer call() throws Exception {
      Catalog.Entry entry = find(catalog.resolve(), id);
      if (entry.manifest().pin() == null) {
        spec.commandLine().getOut().println(id + " was not pinned");
        return 0;
      }
      Catalog.unpin(catalog.resolve(), id);
      spec.commandLine()
          .getOut()
          .println("unpinned " + id + " (was: " + entry.manifest().pin().reason() + ")");
      return 0;
    }
  }
}
