package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Sizes;
import java.time.Instant;
import java.util.List;

/**
 * A completed backup, as recorded in its {@code backup.json} manifest. {@code location} is the
 * archive (a file for custom format, a directory for directory format, or wherever a {@code
 * command} put it); {@code sha256} is the archive's checksum: of the file itself for a single-file
 * archive, otherwise of the sorted per-file list in {@code files}. {@code manifest} is the path of
 * its {@code backup.json}, or null where no catalog directory was given. {@code encryption} is set
 * for a backup encrypted at rest (then {@code files} are the ciphertext files), {@code offsite}
 * once an off-site copy is verified; both are null otherwise and for results recorded before them.
 * {@code taskQueue} is the host task queue of the worker that holds the archive (see {@code
 * TaskQueues.host}): activities that read the archive are routed there. Null in results recorded
 * before host queues existed.
 */
@JsonTypeName("backup")
public record BackupResult(
    String id,
    String label,
    String method,
    String database,
    String location,
    String manifest,
    String format,
    long bytes,
    String sha256,
    List<BackupFile> files,
    String serverVersion,
    String toolVersion,
    Instant startedAt,
    Instant finishedAt,
    BackupEncryption encryption,
    OffsiteCopy offsite,
    String taskQueue)
    implements StepResult {

  public BackupResult {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** This backup with its off-site copy recorded. */
  public BackupResult withOffsite(OffsiteCopy copy) {
    return new BackupResult(
        id,
        label,
        method,
        database,
        location,
        manifest,
        format,
        bytes,
        sha256,
        files,
        serverVersion,
        toolVersion,
        startedAt,
        finishedAt,
        encryption,
        copy,
        taskQueue);
  }

  /**
   * This backup with its archive at {@code newLocation} and its manifest at {@code newManifest}:
   * where a catalog that was moved, or a downloaded copy, holds them.
   */
  public BackupResult relocated(String newLocation, String newManifest) {
    return new BackupResult(
        id,
        label,
        method,
        database,
        newLocation,
        newManifest,
        format,
        bytes,
        sha256,
        files,
        serverVersion,
        toolVersion,
        startedAt,
        finishedAt,
        encryption,
        offsite,
        taskQueue);
  }

  /** This backup as held by the worker polling host queue {@code queue}. */
  public BackupResult withTaskQueue(String queue) {
    return new BackupResult(
        id,
        label,
        method,
        database,
        location,
        manifest,
        format,
        bytes,
        sha256,
        files,
        serverVersion,
        toolVersion,
        startedAt,
        finishedAt,
        encryption,
        offsite,
        queue);
  }

  @Override
  public String summary() {
    return id
        + ": "
        + Sizes.bytes(bytes)
        + (sha256 == null
            ? ""
            : ", sha256 " + sha256.substring(0, Math.min(16, sha256.length())) + "…")
        + (encryption == null ? "" : ", encrypted with key " + encryption.keyId())
        + (offsite == null ? "" : ", copied to " + offsite.location());
  }
}
