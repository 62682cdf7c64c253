package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the short commands once, so that a JVM started with {@code -XX:DumpLoadedClassList} (for a
 * static archive, what {@code bin/greenlight} makes) or {@code -XX:ArchiveClassesAtExit} (a dynamic
 * one) records what they load: {@code start}, {@code status} of a deployment parked at a gate (text
 * and JSON) and of an unknown id, {@code list}, {@code plan check} and {@code --help}. The dev
 * server they talk to runs in a child process ({@code greenlight dev}), so the archive holds the
 * client's classes only, not the server's and the worker's. {@code bin/greenlight} makes the
 * archive once (per jar and Java) and starts later commands with it.
 */
public final class StartupTraining {

  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(120_000);
              } catch (InterruptedException e) {
                return;
              }
              Runtime.getRuntime().halt(3);
            },
            "training-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    train(Path.of(System.getProperty("java.home"), "bin", "java"));
    System.exit(0);
  }

  /**
   * Starts {@code greenlight dev} with {@code java} on this JVM's class path and runs the short
   * commands against it, in this JVM.
   *
   * @throws GreenlightException when a command that should succeed does not (exit 1)
   */
  static void train(Path java) throws Exception {
    Path directory = Files.createTempDirectory("greenlight-training-");
    Process server = null;
    try {
      Path plan = DemoCommand.writePlan(directory);
      // The short commands' classes first, before anything else runs in this JVM.
      expect(0, "--help");
      expect(0, "plan", "check", plan.toString());
      List<String> command =
          new ArrayList<>(
              List.of(
                  java.toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "dev",
                  "--port",
                  "0"));
      server =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      String temporal = "--temporal=" + address(server);
      expect(0, "start", plan.toString(), "--as", "brian", "--id", "training-1", temporal);
      expect(0, "status", "training-1", temporal);
      expect(0, "status", "training-1", "--json", temporal);
      expect(ExitCode.NOT_FOUND.code(), "status", "no-such-deployment", temporal);
      expect(0, "list", temporal);
    } finally {
      if (server != null) {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
      try (var files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** The address {@code greenlight dev} says it listens on; the rest of its output is drained. */
  private static String address(Process server) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    lines.transferTo(java.io.Writer.nullWriter());
                  } catch (IOException e) {
                    // the server has stopped
                  }
                },
                "training-server-output");
        drain.setDaemon(true);
        drain.start();
        return listening.group(1);
      }
    }
    throw new GreenlightException(
        ExitCode.INTERNAL,
        "the training's dev server exited: " + OneLine.of(seen.toString().strip()));
  }

  private static void expect(int code, String... args) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    int exit = Main.run(args, out, out);
    if (exit != code) {
      throw new GreenlightException(
          ExitCode.INTERNAL,
          "training: 'greenlight "
              + String.join(" ", args)
              + "' exited "
              + exit
              + " (expected "
              + code
              + "): "
              + OneLine.of(text.toString().strip()));
    }
  }
}
