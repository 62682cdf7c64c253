package dev.greenlight.activities.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program from an argument list (never through a shell), with a tick while it runs. */
final class Processes {

  private static final int STDERR_KEPT = 16 * 1024;

  private Processes() {}

  /** What a finished program left: its exit code, its output, and the end of its error output. */
  record Result(int exitCode, String stdout, String stderr) {

    /** The last non-blank line of standard error, for a one-line reason. */
    String lastError() {
      String[] lines = stderr.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  /**
   * Runs {@code command} with {@code environment} added to this process's (a null value removes
   * that variable), calling {@code tick} every {@code tickEvery} until it exits. If {@code tick}
   * throws, the program is killed and the exception passes on.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   */
  static Result run(
      List<String> command, Map<String, String> environment, Runnable tick, Duration tickEvery)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> childEnvironment = builder.environment();
    environment.forEach(
        (name, value) -> {
          if (value == null) {
            childEnvironment.remove(name);
          } else {
            childEnvironment.put(name, value);
          }
        });
    Process process = builder.start();
    process.getOutputStream().close();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread out = drain(process.getInputStream(), stdout, Integer.MAX_VALUE);
    Thread err = drain(process.getErrorStream(), stderr, STDERR_KEPT);
    try {
      while (!process.waitFor(tickEvery.toMillis(), TimeUnit.MILLISECONDS)) {
        tick.run();
      }
    } catch (RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
    out.join();
    err.join();
    return new Result(
        process.exitValue(),
        stdout.toString(StandardCharsets.UTF_8),
        stderr.toString(StandardCharsets.UTF_8));
  }

  private static Thread drain(InputStream in, ByteArrayOutputStream sink, int keep) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  synchronized (sink) {
                    if (sink.size() + read > keep) {
                      byte[] tail = sink.toByteArray();
                      sink.reset();
                      int from = Math.max(0, tail.length - keep / 2);
                      sink.write(tail, from, tail.length - from);
                    }
                    sink.write(buffer, 0, read);
                  }
                }
              } catch (IOException ignored) {
                // the process went away; what was read is kept
              }
            },
            "process-drain");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
