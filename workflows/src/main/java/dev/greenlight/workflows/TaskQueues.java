package dev.greenlight.workflows;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Greenlight's task queues. Every worker polls the shared queue (workflows and every activity) and
 * its own host queue, {@code greenlight-host-<name>}, where only activities that read or write a
 * backup archive on that host's disk run. A backup's result names the host queue of the worker that
 * wrote it, so the activities that touch the archive later are routed to the host that holds it (as
 * Temporal's file-processing sample routes to the host that downloaded the file).
 */
public final class TaskQueues {

  /** The queue every worker polls. */
  public static final String SHARED = DeploymentWorkflow.TASK_QUEUE;

  private static final String HOST_PREFIX = "greenlight-host-";
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");

  private TaskQueues() {}

  /** The host queue of the worker named {@code host}. */
  public static String host(String host) {
    if (!isHostName(host)) {
      throw new IllegalArgumentException("not a host name: " + host);
    }
    return HOST_PREFIX + host;
  }

  /** The host a host queue belongs to, or null for another queue (such as the shared one). */
  public static String hostOf(String taskQueue) {
    return taskQueue != null && taskQueue.startsWith(HOST_PREFIX)
        ? taskQueue.substring(HOST_PREFIX.length())
        : null;
  }

  /** Lower-case letters, digits, dots, dashes and underscores; 1 to 63 characters. */
  public static boolean isHostName(String name) {
    return name != null && HOST_NAME.matcher(name).matches();
  }

  /**
   * A machine's host name as a Greenlight host name: lower case, other characters as dashes, at
   * most 63 characters; null when nothing usable is left.
   */
  public static String toHostName(String text) {
    if (text == null) {
      return null;
    }
    String name = text.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    name = name.length() > 63 ? name.substring(0, 63) : name;
    name = name.replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    return isHostName(name) ? name : null;
  }
}
