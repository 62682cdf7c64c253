package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.failure.ApplicationFailure;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted at rest: the archive is ciphertext as written, the manifest names the key, algorithm
 * and ciphertext checksum; verify, the restore test and a restore decrypt as they stream; rotation
 * adds a key that new backups use while old ones still restore; a missing key or a damaged file
 * fails with a reason that names the key or the file.
 */
class EncryptedBackupTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  private static final BaselineResult BASELINE =
      Backups.baseline(
          0,
          new TableCount("menuca_v3", "Restaurants", 3, true),
          new TableCount("menuca_v3", "orders", 5, true));

  @BeforeEach
  void schema() throws Exception {
    Fixtures.menuca(database);
    database.execute(
        "create table menuca_v3.secrets (id int, note text)",
        "insert into menuca_v3.secrets select g, 'plaintext-marker-' || g"
            + " from generate_series(1, 2000) g");
  }

  private BackupSpec encrypted() {
    return new BackupSpec(
        "pg_dump",
        directory.toString(),
        null,
        null,
        0,
        List.of(),
        null,
        new EncryptSpec(Keysets.VARIABLE, null),
        null);
  }

  private BackupEngine engine(String keyset) {
    return new BackupEngine(
        Backups.TOOLS,
        Backups.CONNECTOR,
        Clock.systemUTC(),
        Keysets.keys(keyset),
        OffsiteCopier.standard(Clock.systemUTC()));
  }

  private Verifier verifier(String keyset) {
    return new Verifier(Backups.TOOLS, Backups.CONNECTOR, Clock.systemUTC(), Keysets.keys(keyset));
  }

  private BackupResult backup(String keyset, String key) {
    return engine(keyset).backup(Backups.request(database, encrypted(), key), bytes -> {});
  }

  private VerificationResult verify(String keyset, BackupResult backup) {
    return verifier(keyset)
        .verify(
            new VerifyRequest(
                backup, new VerifyBackupSpec(true, null, null, null), database.target(), BASELINE),
            progress -> {});
  }

  @Test
  void theArchiveIsCiphertextAndRestoresThroughDecryption() throws Exception {
    String keyset = Keysets.fresh();

    BackupResult backup = backup(keyset, "k1");

    BackupKeys.Keyset loaded = Keysets.keys(keyset).load("env:" + Keysets.VARIABLE);
    assertThat(backup.format()).isEqualTo("custom");
    assertThat(backup.location()).endsWith("archive.pgdump.tink");
    assertThat(backup.encryption().keyId()).isEqualTo(loaded.primaryKeyId());
    assertThat(backup.encryption().algorithm()).isEqualTo("AES256_GCM_HKDF_1MB");
    assertThat(backup.encryption().keyset()).isEqualTo("env:" + Keysets.VARIABLE);
    assertThat(backup.encryption().ciphertextSha256()).isEqualTo(backup.sha256());
    assertThat(backup.files()).isEqualTo(ArchiveHasher.hashNow(Path.of(backup.location())));
    byte[] ciphertext = Files.readAllBytes(Path.of(backup.location()));
    String raw = new String(ciphertext, StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("PGDMP").doesNotContain("plaintext-marker");
    assertThat(Manifest.read(Path.of(backup.manifest())).backup()).isEqualTo(backup);
    assertThat(Files.readString(Path.of(backup.manifest()))).doesNotContain(keyset);

    VerificationResult verified = verify(keyset, backup);

    assertThat(verified.restoreTested()).isTrue();
    assertThat(verified.tablesCompared()).isEqualTo(2);
    assertThat(Manifest.read(Path.of(backup.manifest())).restoreTestedAt()).isNotNull();

    database.execute("delete from menuca_v3.secrets", "drop table menuca_v3.orders cascade");
    new Restorer(Backups.TOOLS, Backups.CONNECTOR, Clock.systemUTC(), Keysets.keys(keyset))
        .restore(backup, database.target(), directory, bytes -> {});
    assertThat(count("menuca_v3.secrets")).isEqualTo(2000);
    assertThat(count("menuca_v3.orders")).isEqualTo(5);
    BackupResult emergency =
        Catalog.list(directory).stream()
            .map(e -> e.manifest().backup())
            .filter(b -> !b.id().equals(backup.id()))
            .findFirst()
            .orElseThrow();
    assertThat(emergency.encryption()).as("the emergency backup is encrypted too").isNotNull();
  }

  @Test
  void rotationAddsAKeyNewBackupsUseItOldOnesStillRestore() throws Exception {
    String first = Keysets.fresh();
    BackupResult old = backup(first, "k-old");

    String rotated = Keysets.rotated(first);
    BackupResult fresh = backup(rotated, "k-new");

    assertThat(fresh.encryption().keyId()).isNotEqualTo(old.encryption().keyId());
    assertThat(Keysets.keys(rotated).load("env:" + Keysets.VARIABLE).keyIds())
        .contains(old.encryption().keyId(), fresh.encryption().keyId());
    assertThat(verify(rotated, old).restoreTested()).isTrue();
    assertThat(verify(rotated, fresh).restoreTested()).isTrue();

    ApplicationFailure stale = Backups.failure(() -> verify(first, fresh));
    assertThat(stale.getType()).isEqualTo(BackupActivities.KEY_UNAVAILABLE);
    assertThat(stale.getOriginalMessage())
        .isEqualTo(
            "backup "
                + fresh.id()
                + " was encrypted with key id "
                + fresh.encryption().keyId()
                + " (AES256_GCM_HKDF_1MB), which the keyset in env:"
                + Keysets.VARIABLE
                + " does not hold (it holds "
                + old.encryption().keyId()
                + ")");
  }

  @Test
  void aMissingKeysetFailsBeforeAnythingIsWritten() throws Exception {
    ApplicationFailure failure = Backups.failure(() -> backup(null, "k"));

    assertThat(failure.getType()).isEqualTo(BackupActivities.KEY_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "the encryption keyset variable "
                + Keysets.VARIABLE
                + " is not set on the worker (greenlight keys new makes one)");
    try (Stream<Path> children = Files.list(directory)) {
      assertThat(children.toList()).isEmpty();
    }

    ApplicationFailure garbage = Backups.failure(() -> backup("{not a keyset", "k"));
    assertThat(garbage.getOriginalMessage())
        .isEqualTo(
            "the encryption keyset in env:" + Keysets.VARIABLE + " is not a Tink keyset (JSON)");
  }

  @Test
  void aCorruptedCiphertextFailsVerificationNamingTheFile() throws Exception {
    String keyset = Keysets.fresh();
    BackupResult backup = backup(keyset, "k");
    long size = Files.size(Path.of(backup.location()));
    try (RandomAccessFile raw = new RandomAccessFile(backup.location(), "rw")) {
      raw.seek(size / 2);
      int value = raw.read();
      raw.seek(size / 2);
      raw.write(value ^ 0x01);
    }

    ApplicationFailure checksum = Backups.failure(() -> verify(keyset, backup));
    assertThat(checksum.getType()).isEqualTo(BackupActivities.VERIFICATION_FAILED);
    assertThat(checksum.getOriginalMessage())
        .startsWith("checksum mismatch in archive.pgdump.tink: sha256 ");

    // the manifest rewritten to match the damaged file: authentication still catches it
    BackupResult forged =
        new BackupResult(
            backup.id(),
            backup.label(),
            backup.method(),
            backup.database(),
            backup.location(),
            backup.manifest(),
            backup.format(),
            backup.bytes(),
            backup.sha256(),
            ArchiveHasher.hashNow(Path.of(backup.location())),
            backup.serverVersion(),
            backup.toolVersion(),
            backup.startedAt(),
            backup.finishedAt(),
            backup.encryption(),
            null);
    ApplicationFailure decrypt = Backups.failure(() -> verify(keyset, forged));
    assertThat(decrypt.getType()).isEqualTo(BackupActivities.VERIFICATION_FAILED);
    assertThat(decrypt.getOriginalMessage())
        .startsWith(
            "archive file archive.pgdump.tink does not decrypt with key "
                + backup.encryption().keyId()
                + ": ");
  }

  private long count(String table) throws Exception {
    try (var connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static BackupRequest request(TestDatabase database, BackupSpec spec, String key) {
    return Backups.request(database, spec, key);
  }
}
