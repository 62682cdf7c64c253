package dev.greenlight.activities.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
   * Runs {@code command} with {@code environment} added to this process's, calling {@code tick}
   * every {@code tickEvery} until it exits. If {@code tick} throws, the program is killed and the
   * exception passes on.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   */
  static Result run(
      List<String> command, Map<String, String> environment, Runnable tick, Duration tickEvery)
      throws IOException, InterruptedException {
    return run(command, environment, tick, tickEvery, null, null);
  }

  /**
   * As {@link #run(List, Map, Runnable, Duration)}, with the program's standard input read from
   * {@code input} and its standard output written to {@code output} (either may be null: no input;
   * output kept in the result). When reading {@code input} or writing {@code output} fails, the
   * program is killed and a {@link StreamFailure} is thrown. A program that stops reading its input
   * early (such as {@code pg_restore --list}) is not an error.
   */
  static Result run(
      List<String> command,
      Map<String, String> environment,
      Runnable tick,
      Duration tickEvery,
      InputStream input,
      OutputStream output)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    AtomicReference<IOException> streamFailure = new AtomicReference<>();
    Thread in = null;
    if (input == null) {
      process.getOutputStream().close();
    } else {
      in = feed(input, process, streamFailure);
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread out =
        output == null
            ? drain(process.getInputStream(), stdout, Integer.MAX_VALUE)
            : pump(process, output, streamFailure);
    Thread err = drain(process.getErrorStream(), stderr, STDERR_KEPT);
    try {
      while (!process.waitFor(tickEvery.toMillis(), TimeUnit.MILLISECONDS)) {
        if (streamFailure.get() != null) {
          process.destroyForcibly();
        }
        tick.run();
      }
    } catch (RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
    out.join();
    if (in != null) {
      in.join();
    }
    if (streamFailure.get() != null) {
      err.join();
      throw new StreamFailure(streamFailure.get());
    }
    err.join();
    return new Result(
        process.exitValue(),
        stdout.toString(StandardCharsets.UTF_8),
        stderr.toString(StandardCharsets.UTF_8));
  }

  /** Reading the input or writing the output of a program failed (not the program itself). */
  static final class StreamFailure extends RuntimeException {
    StreamFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /** Copies {@code input} to the program's standard input; a program that stops reading is fine. */
  private static Thread feed(
      InputStream input, Process process, AtomicReference<IOException> failure) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[256 * 1024];
              try (OutputStream stdin = process.getOutputStream()) {
                while (true) {
                  int read;
                  try {
                    read = input.read(buffer);
                  } catch (IOException e) {
                    failure.compareAndSet(null, e);
                    process.destroyForcibly();
                    return;
                  }
                  if (read < 0) {
                    return;
                  }
                  stdin.write(buffer, 0, read);
                }
              } catch (IOException ignored) {
                // the program closed its input: it has read what it needs
              }
            },
            "process-feed");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Copies the program's standard output to {@code output}, which is closed at the end. */
  private static Thread pump(
      Process process, OutputStream output, AtomicReference<IOException> failure) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[256 * 1024];
              try (InputStream stdout = process.getInputStream()) {
                int read;
                while ((read = stdout.read(buffer)) >= 0) {
                  output.write(buffer, 0, read);
                }
                output.close();
              } catch (IOException e) {
                failure.compareAndSet(null, e);
                process.destroyForcibly();
              }
            },
            "process-pump");
    thread.setDaemon(true);
    thread.start();
    return thread;
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
