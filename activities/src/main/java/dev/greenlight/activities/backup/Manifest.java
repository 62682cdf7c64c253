package dev.greenlight.activities.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * The {@code backup.json} beside each archive: the backup, the key that took it, how, and the
 * baseline at the time. {@code verifiedAt} is set when a verification passes, {@code
 * restoreTestedAt} when one with a restore test passes. {@code pin} (may be null) keeps the backup
 * through every prune until it is unpinned on purpose: a deployment's way back is pinned.
 */
public record Manifest(
    int version,
    String idempotencyKey,
    BackupResult backup,
    List<String> arguments,
    BaselineResult baseline,
    Instant verifiedAt,
    Instant restoreTestedAt,
    Pin pin) {

  public static final String FILE = "backup.json";

  /** Why a backup is kept whatever the retention policy says, and since when. */
  public record Pin(String reason, Instant at) {}

  public Manifest(
      int version,
      String idempotencyKey,
      BackupResult backup,
      List<String> arguments,
      BaselineResult baseline,
      Instant verifiedAt) {
    this(version, idempotencyKey, backup, arguments, baseline, verifiedAt, null, null);
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  public Manifest verified(Instant at) {
    return new Manifest(
        version, idempotencyKey, backup, arguments, baseline, at, restoreTestedAt, pin);
  }

  /** A passed verification; with a restore test it is also the latest restore test. */
  public Manifest verified(Instant at, boolean restoreTested) {
    return new Manifest(
        version,
        idempotencyKey,
        backup,
        arguments,
        baseline,
        at,
        restoreTested ? at : restoreTestedAt,
        pin);
  }

  /** Pinned (or unpinned with null). */
  public Manifest pinned(Pin value) {
    return new Manifest(
        version, idempotencyKey, backup, arguments, baseline, verifiedAt, restoreTestedAt, value);
  }

  public Manifest withBackup(BackupResult value) {
    return new Manifest(
        version, idempotencyKey, value, arguments, baseline, verifiedAt, restoreTestedAt, pin);
  }

  public static Manifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Manifest.class);
  }

  /** Writes atomically: a reader sees the old manifest or the new one, never half of one. */
  public void write(Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, JSON.writeValueAsBytes(this));
    Files.setPosixFilePermissions(temporary, Archives.FILE_MODE);
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
