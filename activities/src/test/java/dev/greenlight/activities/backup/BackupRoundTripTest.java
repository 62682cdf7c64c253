package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.DatabaseActivitiesImpl;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BaselineRequest;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of a database with several schemas, mixed-case and oddly named tables and RLS policies
 * restores to the baseline's row counts, with a right manifest and private files.
 */
class BackupRoundTripTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @Test
  void directoryArchiveRestoresToIdenticalRowCounts() throws Exception {
    Fixtures.menuca(database);
    BaselineResult baseline = baseline();

    BackupResult backup = Backups.backup(database, Backups.pgDump(directory));

    assertThat(backup.id()).matches("test-pre-menuca-\\d{8}T\\d{6}Z");
    assertThat(backup.format()).isEqualTo("directory");
    assertThat(backup.database()).isEqualTo(database.name());
    assertThat(backup.toolVersion()).startsWith("pg_dump (PostgreSQL) ");
    Path archive = Path.of(backup.location());
    assertThat(archive).isEqualTo(directory.resolve(backup.id()).resolve("archive"));
    assertThat(backup.files()).extracting(BackupFile::path).contains("toc.dat");
    assertThat(backup.files()).isEqualTo(ArchiveHasher.hashNow(archive));
    assertThat(backup.bytes())
        .isEqualTo(backup.files().stream().mapToLong(BackupFile::bytes).sum());
    assertThat(backup.sha256())
        .isEqualTo(ArchiveHasher.archiveChecksum(backup.files()))
        .hasSize(64);
    assertPrivate(directory.resolve(backup.id()));

    Manifest manifest = Manifest.read(directory.resolve(backup.id()).resolve(Manifest.FILE));
    assertThat(manifest.backup()).isEqualTo(backup);
    assertThat(manifest.idempotencyKey()).isEqualTo("wf/run/backup/0");
    assertThat(manifest.arguments())
        .contains("--format=directory", "--compress=1")
        .noneMatch(a -> a.contains("PASSWORD"));
    assertThat(manifest.verifiedAt()).isNull();

    VerificationResult verified = Backups.verify(database, backup, baseline, true);

    assertThat(verified.restoreTested()).isTrue();
    assertThat(verified.tablesCompared()).isEqualTo(4);
    assertThat(verified.rowsRestored()).isEqualTo(3 + 2 + 5 + 1);
    assertThat(Manifest.read(directory.resolve(backup.id()).resolve(Manifest.FILE)).verifiedAt())
        .isEqualTo(verified.verifiedAt());
    assertThat(Catalog.list(directory)).extracting(Catalog.Entry::id).containsExactly(backup.id());
  }

  @Test
  void customFormatIsOneFileWithItsOwnChecksum() throws Exception {
    Fixtures.menuca(database);
    BaselineResult baseline = baseline();

    BackupResult backup =
        Backups.backup(
            database,
            new BackupSpec(
                "pg_dump", directory.toString(), "custom", null, 6, List.of(), null, null, null));

    assertThat(backup.format()).isEqualTo("custom");
    assertThat(backup.files()).hasSize(1);
    assertThat(backup.sha256()).isEqualTo(backup.files().get(0).sha256());
    assertThat(Files.isRegularFile(Path.of(backup.location()))).isTrue();
    assertThat(Backups.verify(database, backup, baseline, true).tablesCompared()).isEqualTo(4);
  }

  private BaselineResult baseline() throws Exception {
    database.execute(
        "create table other.\"MixedCase\" (id int primary key)",
        "insert into other.\"MixedCase\" select generate_series(1, 7)",
        "alter table other.\"MixedCase\" enable row level security",
        "create policy only_small on other.\"MixedCase\" using (id < 5)");
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new DatabaseActivitiesImpl(Backups.CONNECTOR, Clock.systemUTC()));
      DatabaseActivities activities =
          env.newActivityStub(
              DatabaseActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      BaselineResult baseline =
          activities.baseline(
              new BaselineRequest(
                  database.target(),
                  new BaselineSpec(List.of("menuca_v3"), List.of("other.ignored"), true)));
      assertThat(baseline.tables()).hasSize(4);
      return baseline;
    } finally {
      env.close();
    }
  }

  private static void assertPrivate(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        assertThat(mode)
            .as(path.toString())
            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }
  }
}
