package dev.greenlight.activities.backup;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program from an argument list (never through a shell), with a tick while it runs.
 *
 * <p>A program does not outlive the worker: it is started through util-linux's {@code setpriv
 * --pdeathsig TERM}, so the kernel sends it SIGTERM when the thread that started it ends, which
 * includes this JVM being killed with SIGKILL. (The starting thread is the one blocked in {@link
 * #run} until the program exits.) {@code pg_dump} and {@code pg_restore} pass SIGTERM on to their
 * parallel workers and cancel their queries; SIGKILL on the leader would leave a worker that is
 * busy with a table reading it to the end. Without {@code setpriv} (not Linux) programs start
 * directly and {@link #stopLeftovers} is the only remedy.
 */
final class Processes {

  private static final Logger log = LoggerFactory.getLogger(Processes.class);
  private static final int STDERR_KEPT = 16 * 1024;
  private static final Duration GRACE = Duration.ofSeconds(3);

  private Processes() {}

  /** {@code setpriv} with {@code --pdeathsig}, probed once; null where there is none. */
  private static final class DeathSignal {
    static final String SETPRIV = probe();

    private static String probe() {
      Optional<String> setpriv = onPath("setpriv");
      if (setpriv.isPresent()) {
        try {
          Process probe =
              new ProcessBuilder(
                      setpriv.get(), "--pdeathsig", "TERM", "--", setpriv.get(), "--version")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
            return setpriv.get();
          }
          probe.destroyForcibly();
        } catch (IOException e) {
          // treated as absent below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      log.warn(
          "setpriv --pdeathsig is not available: child processes of a killed worker outlive it"
              + " until the next attempt stops them");
      return null;
    }
  }

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
   * throws or the thread is interrupted, the program and its children are stopped and the exception
   * passes on.
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
    ProcessBuilder builder = new ProcessBuilder(diesWithWorker(command));
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
      stop(process.toHandle());
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

  /** {@code command} behind {@code setpriv --pdeathsig TERM --}, where there is one. */
  private static List<String> diesWithWorker(List<String> command) throws IOException {
    if (DeathSignal.SETPRIV == null) {
      return command;
    }
    List<String> wrapped =
        new ArrayList<>(List.of(DeathSignal.SETPRIV, "--pdeathsig", "TERM", "--"));
    wrapped.add(executable(command.get(0)));
    wrapped.addAll(command.subList(1, command.size()));
    return wrapped;
  }

  /**
   * Stops every process (that this user may signal) whose arguments mention {@code marker} (a
   * leftover of an earlier attempt, e.g. a {@code pg_dump} writing into a {@code .partial-…}
   * directory, or one of its forked workers): SIGTERM, then SIGKILL after a grace period.
   *
   * @return how many were found
   */
  static int stopLeftovers(String marker) {
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> leftovers =
        ProcessHandle.allProcesses()
            .filter(p -> p.pid() != self)
            .filter(
                p ->
                    p.info()
                        .arguments()
                        .map(
                            arguments -> Arrays.stream(arguments).anyMatch(a -> a.contains(marker)))
                        .orElse(false))
            .toList();
    for (ProcessHandle leftover : leftovers) {
      log.warn(
          "stopping process {} left by an earlier attempt ({})",
          leftover.pid(),
          leftover.info().command().orElse("?"));
    }
    stop(leftovers);
    return leftovers.size();
  }

  private static void stop(ProcessHandle process) {
    stop(List.of(process));
  }

  /** SIGTERM to processes and their descendants, then SIGKILL to those left after the grace. */
  private static void stop(List<ProcessHandle> processes) {
    List<ProcessHandle> tree = new ArrayList<>();
    for (ProcessHandle process : processes) {
      tree.add(process);
      tree.addAll(process.descendants().toList());
    }
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    try {
      // onExit() polls slowly for processes that are not this JVM's children (forked workers)
      while (tree.stream().anyMatch(Processes::running) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(Processes::running).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Alive and not a zombie: a worker whose leader died is reaped only when init gets to it (and
   * never where this JVM is init, as in a container).
   */
  private static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      return process.isAlive();
    }
  }

  /** The program's path as the JVM would find it: as given with a slash, else on the PATH. */
  private static String executable(String program) throws IOException {
    Optional<String> found =
        program.contains("/")
            ? Optional.of(program).filter(p -> Files.isExecutable(Path.of(p)))
            : onPath(program);
    return found.orElseThrow(
        () ->
            new IOException(
                "Cannot run program \"" + program + "\": error=2, No such file or directory"));
  }

  private static Optional<String> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(directory -> !directory.isEmpty())
        .map(directory -> Path.of(directory, program))
        .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
        .map(Path::toString)
        .findFirst();
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
