package dev.greenlight.activities.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where PostgreSQL's client programs are: {@code binDirectory} when given (for a worker that
 * carries several versions), otherwise the PATH.
 */
public final class PgTools {

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

  private final Path binDirectory;

  /**
   * @param binDirectory where pg_dump and pg_restore are, or null for the PATH
   */
  public PgTools(Path binDirectory) {
    this.binDirectory = binDirectory;
  }

  /** {@code GREENLIGHT_PG_BIN}, when set, names the directory of the PostgreSQL tools. */
  public static PgTools fromEnvironment(java.util.function.UnaryOperator<String> environment) {
    String bin = environment.apply("GREENLIGHT_PG_BIN");
    return new PgTools(bin == null || bin.isBlank() ? null : Path.of(bin));
  }

  String program(String name) {
    return binDirectory == null ? name : binDirectory.resolve(name).toString();
  }

  /** The tool's version line, e.g. {@code pg_dump (PostgreSQL) 15.20 (Debian ...)}. */
  String version(String name) throws IOException, InterruptedException {
    Processes.Result result =
        Processes.run(
            List.of(program(name), "--version"), Map.of(), () -> {}, Duration.ofSeconds(1));
    return result.stdout().strip();
  }

  static int parseMajor(String versionLine) {
    Matcher match = VERSION.matcher(versionLine);
    if (!match.find()) {
      throw new IllegalArgumentException("unrecognised version: " + versionLine);
    }
    return Integer.parseInt(match.group(1));
  }

  boolean exists(String name) {
    if (binDirectory != null) {
      return Files.isExecutable(binDirectory.resolve(name));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, name))) {
        return true;
      }
    }
    return false;
  }
}
