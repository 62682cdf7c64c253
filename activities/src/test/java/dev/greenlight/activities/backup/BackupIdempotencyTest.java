package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.status.BackupResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The same idempotency key returns the completed backup; another key takes a new one. */
class BackupIdempotencyTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @Test
  void aRetriedActivityGetsTheSameBackupBack() throws Exception {
    Fixtures.menuca(database);
    BackupEngine engine = Backups.engine();

    BackupResult first =
        engine.backup(
            Backups.request(database, Backups.pgDump(directory), "wf/run/backup/0"), b -> {});
    BackupResult again =
        engine.backup(
            Backups.request(database, Backups.pgDump(directory), "wf/run/backup/0"), b -> {});
    BackupResult other =
        engine.backup(
            Backups.request(database, Backups.pgDump(directory), "wf/run/backup/1"), b -> {});

    assertThat(again).isEqualTo(first);
    assertThat(other.id()).isNotEqualTo(first.id());
    assertThat(Catalog.list(directory)).hasSize(2);
  }
}
