package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.worker.LocalRestore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "restore",
    description = {
      "Restore a catalogued backup into a database (pg_restore --clean).",
      "First takes an emergency backup of the target's current state; refuses without --yes.",
      "Runs in this process, from the catalog on this machine."
    })
class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--directory",
      paramLabel = "DIR",
      description =
          "Backup catalog on this machine (default: $GREENLIGHT_BACKUP_DIR or ./backups).")
  Path directory;

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
    try {
      LocalRestore.run(
          new LocalRestore.Request(catalog(), id, url, user, passwordEnv, yes),
          System::getenv,
          spec.commandLine().getOut());
      return 0;
    } catch (LocalRestore.Failure failure) {
      ExitCode code =
          failure.notFound()
              ? ExitCode.NOT_FOUND
              : failure.notConfirmed() ? ExitCode.USAGE : ExitCode.FAILED;
      throw new GreenlightException(code, failure.getMessage(), failure);
    }
  }

  private Path catalog() {
    if (directory != null) {
      return directory;
    }
    String fromEnvironment = System.getenv("GREENLIGHT_BACKUP_DIR");
    return Path.of(
        fromEnvironment == null || fromEnvironment.isBlank() ? "backups" : fromEnvironment);
  }
}
