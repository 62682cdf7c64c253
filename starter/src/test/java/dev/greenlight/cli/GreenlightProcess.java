package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code greenlight} in its own JVM and working directory, as a user runs it on another machine:
 * nothing is shared with the test but the Temporal address. Its output goes to a file in that
 * directory.
 */
final class GreenlightProcess implements AutoCloseable {

  private final Process process;
  private final Path output;

  private GreenlightProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code greenlight args…} in {@code directory}, without Greenlight's variables set. */
  static GreenlightProcess start(Path directory, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(directory, "greenlight-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().remove("GREENLIGHT_BACKUP_DIR");
    builder.environment().remove("GREENLIGHT_HOST");
    return new GreenlightProcess(builder.start(), output);
  }

  /** {@code greenlight worker --no-sticky --host-name HOST} in {@code directory}, once polling. */
  static GreenlightProcess worker(Path directory, String host, String address) throws Exception {
    GreenlightProcess worker =
        start(directory, "worker", "--no-sticky", "--host-name", host, "--temporal", address);
    worker.awaitOutput("Greenlight worker polling", Duration.ofSeconds(60));
    return worker;
  }

  void awaitOutput(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      assertThat(process.isAlive()).as("exited early: %s", output()).isTrue();
      assertThat(System.nanoTime()).as("waiting for '%s': %s", text, output()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Waits for it to exit; returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .as("still running after %s", timeout)
        .isTrue();
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(output);
  }

  long pid() {
    return process.pid();
  }

  /** Stops it at once, as a crash would (SIGKILL). */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }
}
