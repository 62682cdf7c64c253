package dev.greenlight.cli;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.PgTools;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "backups",
    description = "The backup catalog: list, verify offline, prune.",
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
      String format = "%-52s %-21s %-18s %-9s %10s %-21s %s%n";
      out.printf(format, "ID", "FINISHED", "DATABASE", "FORMAT", "SIZE", "VERIFIED", "SHA256");
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
            b.sha256() == null ? "-" : b.sha256().substring(0, 16) + "…");
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
      description = "Delete old backups (a dry run unless --yes); never the newest verified one.")
  static class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false)
    CatalogOption catalog = new CatalogOption();

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
      Catalog.PrunePlan plan = Catalog.planPrune(catalog.resolve(), keepLast, age, Instant.now());
      PrintWriter out = spec.commandLine().getOut();
      for (Catalog.Entry entry : plan.delete()) {
        out.println((yes ? "deleted " : "would delete ") + entry.id());
        if (yes) {
          Catalog.delete(entry);
        }
      }
      if (plan.protectedEntry() != null) {
        out.println("kept " + plan.protectedEntry().id() + " (the newest verified backup)");
      }
      out.println(
          plan.delete().size()
              + (yes ? " deleted, " : " to delete, ")
              + plan.keep().size()
              + " kept"
              + (yes || plan.delete().isEmpty() ? "" : "; add --yes to delete"));
      return 0;
    }
  }
}
