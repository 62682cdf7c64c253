package dev.greenlight.workflows.plan;

import java.util.List;

/**
 * A backup before the change. Method {@code pg_dump} writes into {@code directory}; method {@code
 * command} runs {@code command} (an argument list) whose last output line is a JSON object naming
 * the backup. {@code format}, {@code jobs} and {@code compression} are null for the defaults.
 */
public record BackupSpec(
    String method,
    String directory,
    String format,
    Integer jobs,
    Integer compression,
    List<String> command,
    RetrySpec retry) {

  public BackupSpec {
    command = command == null ? List.of() : List.copyOf(command);
  }
}
