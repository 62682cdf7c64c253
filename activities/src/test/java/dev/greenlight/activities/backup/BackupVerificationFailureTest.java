package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.failure.ApplicationFailure;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Verification refuses a damaged archive, one missing a table's data, and a wrong restore. */
class BackupVerificationFailureTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;
  private BackupResult backup;

  @BeforeEach
  void takeBackup() throws Exception {
    Fixtures.menuca(database);
    backup = Backups.backup(database, Backups.pgDump(directory));
  }

  @Test
  void aFlippedByteFailsTheChecksum() throws Exception {
    BackupFile largest =
        backup.files().stream().max((a, b) -> Long.compare(a.bytes(), b.bytes())).orElseThrow();
    flipByte(Path.of(backup.location()).resolve(largest.path()), largest.bytes() / 2);

    ApplicationFailure failure =
        Backups.failure(() -> Backups.verify(database, backup, null, false));

    assertThat(failure.getType()).isEqualTo(BackupActivities.VERIFICATION_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("checksum mismatch in " + largest.path() + ": sha256 ");
  }

  @Test
  void aMissingFileAndATableWithoutDataFail() throws Exception {
    ApplicationFailure noData =
        Backups.failure(
            () ->
                Backups.verify(
                    database,
                    backup,
                    Backups.baseline(0, new TableCount("menuca_v3", "gone", 0, true)),
                    false));
    assertThat(noData.getOriginalMessage())
        .isEqualTo("the archive has no data for baseline table menuca_v3.gone");

    BackupFile data =
        backup.files().stream().filter(f -> !f.path().equals("toc.dat")).findFirst().orElseThrow();
    Files.delete(Path.of(backup.location()).resolve(data.path()));
    ApplicationFailure missing =
        Backups.failure(() -> Backups.verify(database, backup, null, false));
    assertThat(missing.getOriginalMessage())
        .isEqualTo("archive file " + data.path() + " is missing");
  }

  @Test
  void aRestoreWhoseCountsDifferFromTheBaselineFails() {
    ApplicationFailure failure =
        Backups.failure(
            () ->
                Backups.verify(
                    database,
                    backup,
                    Backups.baseline(0, new TableCount("menuca_v3", "orders", 6, true)),
                    true));

    assertThat(failure.getType()).isEqualTo(BackupActivities.VERIFICATION_FAILED);
    assertThat(failure.getOriginalMessage())
        .isEqualTo("restore test: menuca_v3.orders has 5 rows restored, the baseline 6");
  }

  private static void flipByte(Path file, long offset) throws Exception {
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(offset);
      int value = raw.read();
      raw.seek(offset);
      raw.write(value ^ 0x01);
    }
  }
}
