package dev.greenlight.activities.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.plan.DatabaseTarget;
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
 * through every prune until it is unpinned on purpose: a deployment's way back is pinned. {@code
 * source} is the database it was taken from (URL, user and the <em>name</em> of the password
 * variable; no secret), where a scheduled restore test makes its scratch database by default.
 * {@code lastCheck} is the latest check (passed or failed); a backup whose latest check failed is
 * {@link #failed()}. Fields added later are null in manifests written before them.
 */
public record Manifest(
    int version,
    String idempotencyKey,
    BackupResult backup,
    List<String> arguments,
    BaselineResult baseline,
    Instant verifiedAt,
    Instant restoreTestedAt,
    Pin pin,
    DatabaseTarget source,
    BackupCheck lastCheck) {

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
    this(version, idempotencyKey, backup, arguments, baseline, verifiedAt, null, null, null, null);
  }

  /** A new backup's manifest, naming the database it was taken from. */
  public static Manifest of(
      String idempotencyKey,
      BackupResult backup,
      List<String> arguments,
      BaselineResult baseline,
      DatabaseTarget source) {
    return new Manifest(
        1, idempotencyKey, backup, arguments, baseline, null, null, null, source, null);
  }

  /** Its latest check failed: not a way back until a check passes again. */
  public boolean failed() {
    return lastCheck != null && !lastCheck.passed();
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  public Manifest verified(Instant at) {
    return verified(at, false);
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
        pin,
        source,
        lastCheck);
  }

  /**
   * With {@code check} as its latest: a passed one is also a verification (with a restore test when
   * it timed one); a failed one marks the backup failed.
   */
  public Manifest checked(BackupCheck check) {
    Manifest base = check.passed() ? verified(check.at(), check.restoreMillis() != null) : this;
    return new Manifest(
        version,
        idempotencyKey,
        backup,
        arguments,
        baseline,
        base.verifiedAt,
        base.restoreTestedAt,
        pin,
        source,
        check);
  }

  /** Pinned (or unpinned with null). */
  public Manifest pinned(Pin value) {
    return new Manifest(
        version,
        idempotencyKey,
        backup,
        arguments,
        baseline,
        verifiedAt,
        restoreTestedAt,
        value,
        source,
        lastCheck);
  }

  public Manifest withBackup(BackupResult value) {
    return new Manifest(
        version,
        idempotencyKey,
        value,
        arguments,
        baseline,
        verifiedAt,
        restoreTestedAt,
        pin,
        source,
        lastCheck);
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
