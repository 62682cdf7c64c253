package dev.greenlight.cli;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Libpq;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.activities.backup.Restorer;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "restore",
    description = {
      "Restore a catalogued backup into a database (pg_restore --clean).",
      "First takes an emergency backup of the target's current state; refuses without --yes."
    })
class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = false)
  BackupsCommand.CatalogOption catalog = new BackupsCommand.CatalogOption();

  @Parameters(paramLabel = "ID", description = "The backup id.")
  String id;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URL",
      description = "Target: jdbc:postgresql://host:port/database")
  String url;

  @Option(names = "--user", description = "Database user.")
  String user;

  @Option(
      names = "--password-env",
      paramLabel = "NAME",
      description = "Environment variable holding the password.")
  String passwordEnv;

  @Option(names = "--yes", description = "Go ahead.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (!url.startsWith("jdbc:postgresql://")
        || url.lastIndexOf('/') <= "jdbc:postgresql://".length()) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "--to: expected jdbc:postgresql://host:port/database, found '" + url + "'");
    }
    Path directory = catalog.resolve();
    Catalog.Entry entry = BackupsCommand.find(directory, id);
    BackupResult backup = entry.manifest().backup();
    String database = Libpq.parse(url, user, null).database();
    DatabaseTarget target = new DatabaseTarget(url, user, passwordEnv, database);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Will restore backup "
            + id
            + " (database "
            + backup.database()
            + ", "
            + Sizes.bytes(backup.bytes())
            + ", taken "
            + backup.finishedAt()
            + ")");
    out.println(
        "  into " + DatabaseConnector.redact(url) + ", replacing the objects the backup contains,");
    out.println(
        "  after an emergency backup of " + database + " into " + directory.toAbsolutePath() + ".");
    if (!yes) {
      throw new GreenlightException(ExitCode.USAGE, "nothing done: add --yes to restore");
    }
    Restorer restorer =
        new Restorer(
            PgTools.fromEnvironment(System::getenv),
            new DatabaseConnector(System::getenv),
            Clock.systemUTC());
    try {
      Restorer.Outcome outcome = restorer.restore(backup, target, directory, bytes -> {});
      out.println(
          "emergency backup "
              + outcome.emergencyBackup().id()
              + " taken ("
              + Sizes.bytes(outcome.emergencyBackup().bytes())
              + ")");
      out.println(
          "restored " + id + " into " + database + " in " + outcome.restoreMillis() + " ms");
      return 0;
    } catch (ApplicationFailure failure) {
      throw new GreenlightException(
          ExitCode.FAILED, "restore stopped before it began: " + failure.getOriginalMessage());
    } catch (Restorer.RestoreException failure) {
      throw new GreenlightException(ExitCode.FAILED, failure.getMessage());
    }
  }
}
