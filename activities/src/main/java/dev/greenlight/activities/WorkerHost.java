package dev.greenlight.activities;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The host a worker runs on: its name, the host queue only it polls, and its default backup catalog
 * (an absolute path on its disk).
 */
public record WorkerHost(String name, Path catalog) {

  public WorkerHost {
    if (!TaskQueues.isHostName(name)) {
      throw new IllegalArgumentException(
          "host name '"
              + name
              + "': use 1 to 63 lower-case letters, digits, dots, dashes or underscores");
    }
    catalog = catalog.toAbsolutePath().normalize();
  }

  /**
   * The host from {@code --host-name} ({@code option}), else {@code $GREENLIGHT_HOST}, else the
   * machine's host name (lower case); its catalog is {@code $GREENLIGHT_BACKUP_DIR}, else {@code
   * ./backups}, resolved against the working directory.
   */
  public static WorkerHost resolve(String option, UnaryOperator<String> environment) {
    String name = blankToNull(option);
    if (name == null) {
      name = blankToNull(environment.apply("GREENLIGHT_HOST"));
    }
    if (name == null) {
      name = TaskQueues.toHostName(machineName(environment));
      if (name == null) {
        name = "localhost";
      }
    }
    String catalog = blankToNull(environment.apply("GREENLIGHT_BACKUP_DIR"));
    return new WorkerHost(name, Path.of(catalog == null ? "backups" : catalog));
  }

  /** {@code greenlight-host-<name>}. */
  public String taskQueue() {
    return TaskQueues.host(name);
  }

  /** {@code backup} as held by this host: its result names this host's queue. */
  public BackupResult holding(BackupResult backup) {
    if (taskQueue().equals(backup.taskQueue())) {
      return backup;
    }
    return backup.withTaskQueue(taskQueue());
  }

  /**
   * The catalog a request names, on this host (null or blank: the default; relative: against the
   * working directory); refuses a request meant for another host, so a routing mistake cannot
   * answer from the wrong disk.
   */
  public Path catalogFor(String requestedHost, String directory) {
    if (requestedHost != null && !requestedHost.equals(name)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this is the worker on host " + name + "; the request was for host " + requestedHost,
          CatalogActivities.WRONG_HOST);
    }
    return directory == null || directory.isBlank()
        ? catalog
        : Path.of(directory).toAbsolutePath().normalize();
  }

  private static String machineName(UnaryOperator<String> environment) {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return environment.apply("HOSTNAME");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
