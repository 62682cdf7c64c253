package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * A backup before the change. Method {@code pg_dump} writes into {@code directory}; method {@code
 * command} runs {@code command} (an argument list) whose last output line is a JSON object naming
 * the backup. {@code format}, {@code jobs} and {@code compression} are null for the defaults.
 * {@code encrypt} (may be null) encrypts the archive as it is written; {@code offsite} (may be
 * null) copies each backup to S3 and reads its checksums back.
 */
@JsonTypeName("backup")
public record BackupSpec(
    String method,
    String directory,
    String format,
    Integer jobs,
    Integer compression,
    List<String> command,
    RetrySpec retry,
    EncryptSpec encrypt,
    OffsiteSpec offsite)
    implements StepSpec {

  public BackupSpec {
    command = command == null ? List.of() : List.copyOf(command);
  }

  /** A backup kept on the worker's disk only, unencrypted. */
  public BackupSpec(
      String method,
      String directory,
      String format,
      Integer jobs,
      Integer compression,
      List<String> command,
      RetrySpec retry) {
    this(method, directory, format, jobs, compression, command, retry, null, null);
  }

  @Override
  public String describe() {
    return "backup: "
        + method
        + (directory == null ? "" : " into " + directory)
        + (encrypt == null ? "" : ", encrypted")
        + (offsite == null
            ? ""
            : ", copied to s3://" + offsite.bucket() + "/" + offsite.keyPrefix());
  }
}
