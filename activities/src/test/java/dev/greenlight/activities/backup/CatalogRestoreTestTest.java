package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.activities.CatalogActivitiesImpl;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.VerificationActivitiesImpl;
import dev.greenlight.activities.WorkerHost;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.CheckRecord;
import dev.greenlight.workflows.activities.RestoreTestRequest;
import dev.greenlight.workflows.activities.RestoreTestResult;
import dev.greenlight.workflows.activities.VerificationActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore tests and offline checks of a catalog against the real PostgreSQL and pg_restore: the
 * counts are compared with the baseline in the backup's manifest (not with today's database), the
 * check is recorded in the catalog, and the archive read is the copy in the catalog directory given
 * (issue 13, class 6), whatever absolute path the manifest recorded.
 */
class CatalogRestoreTestTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path root;

  private final List<Path> seen = new ArrayList<>();
  private TestActivityEnvironment env;
  private VerificationActivities verifications;
  private CatalogActivities catalogs;

  @BeforeEach
  void activities() {
    env = TestActivityEnvironment.newInstance();
    WorkerHost host = new WorkerHost("test-host", root.resolve("default"));
    Verifier verifier = Backups.verifier();
    env.registerActivitiesImplementations(
        new VerificationActivitiesImpl(
            host, verifier, OffsiteCopier.standard(Clock.systemUTC()), seen::add),
        new CatalogActivitiesImpl(host, verifier, Clock.systemUTC()));
    ActivityOptions options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build();
    verifications = env.newActivityStub(VerificationActivities.class, options);
    catalogs = env.newActivityStub(CatalogActivities.class, options);
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void theRestoreMatchesTheManifestsBaselineNotTodaysDatabaseAndIsRecorded() throws Exception {
    Path catalog = root.resolve("catalog");
    BackupResult backup = backupOfFiveRows(catalog, 5);
    database.execute("insert into orders select generate_series(6, 20)");

    RestoreTestResult result = restoreTest(catalog, backup.id());

    assertThat(result.sound()).as(result.problem()).isTrue();
    assertThat(result.tablesCompared()).isEqualTo(1);
    assertThat(result.rowsRestored()).isEqualTo(5);
    assertThat(result.restoreMillis()).isPositive();
    assertThat(result.note()).isEqualTo("1 tables match the manifest's baseline");

    var candidates = verifications.candidates(new CatalogRequest(null, catalog.toString()));
    assertThat(candidates.backups()).extracting(c -> c.backupId()).containsExactly(backup.id());
    assertThat(seen)
        .as("the gauges watch it")
        .containsExactly(catalog.toAbsolutePath().normalize());

    Instant at = Instant.parse("2026-12-01T03:00:00Z");
    BackupCheck check = new BackupCheck(at, true, BackupCheck.LOCAL, result.restoreMillis(), "ok");
    verifications.record(new CheckRecord(null, catalog.toString(), backup.id(), check));
    verifications.record(new CheckRecord(null, catalog.toString(), backup.id(), check));
    Manifest manifest = manifest(catalog, backup.id());
    assertThat(manifest.lastCheck()).isEqualTo(check);
    assertThat(manifest.verifiedAt()).isEqualTo(at);
    assertThat(manifest.restoreTestedAt()).isEqualTo(at);
    assertThat(manifest.failed()).isFalse();
    assertThat(
            verifications.candidates(new CatalogRequest(null, catalog.toString())).backups().get(0))
        .extracting(c -> c.lastCheckAt(), c -> c.lastCopy())
        .containsExactly(at, BackupCheck.LOCAL);
  }

  @Test
  void countsThatDoNotMatchTheManifestsBaselineAreUnsound() throws Exception {
    Path catalog = root.resolve("catalog");
    BackupResult backup = backupOfFiveRows(catalog, 99);

    RestoreTestResult result = restoreTest(catalog, backup.id());

    assertThat(result.sound()).isFalse();
    assertThat(result.problem())
        .isEqualTo("restore test: public.orders has 5 rows restored, the manifest's baseline 99");
  }

  @Test
  void withoutABaselineInTheManifestItRestoresAndSaysSo() throws Exception {
    Path catalog = root.resolve("catalog");
    database.execute("create table orders (id int)", "insert into orders values (1)");
    BackupResult backup = Backups.backup(database, custom(catalog));

    RestoreTestResult result = restoreTest(catalog, backup.id());

    assertThat(result.sound()).as(result.problem()).isTrue();
    assertThat(result.tablesCompared()).isZero();
    assertThat(result.note()).startsWith("no baseline in manifest");
  }

  @Test
  void aTamperedCopyInTheCatalogFailsWhileTheOriginalIsIntactAndIsMarkedFailed() throws Exception {
    Path original = root.resolve("original");
    BackupResult backup = backupOfFiveRows(original, 5);
    Path copy = root.resolve("copy");
    copyTree(original, copy);
    flipAByte(copy.resolve(backup.id()).resolve(Path.of(backup.location()).getFileName()));

    ApplicationFailure failure = failureOf(() -> verify(copy, backup.id()));
    assertThat(failure.getType()).isEqualTo(BackupActivities.VERIFICATION_FAILED);
    assertThat(failure.getOriginalMessage()).startsWith("checksum mismatch in ");
    assertThat(manifest(copy, backup.id()).failed()).isTrue();
    assertThat(manifest(original, backup.id()).failed()).isFalse();

    RestoreTestResult restore = restoreTest(copy, backup.id());
    assertThat(restore.sound()).isFalse();
    assertThat(restore.problem()).startsWith("checksum mismatch in ");

    verify(original, backup.id());
  }

  @Test
  void anIntactCatalogMovedElsewhereStillVerifies() throws Exception {
    Path before = root.resolve("before");
    BackupResult backup = backupOfFiveRows(before, 5);
    Path after = root.resolve("after");
    Files.move(before, after);

    verify(after, backup.id());
    RestoreTestResult restore = restoreTest(after, backup.id());

    assertThat(restore.sound()).as(restore.problem()).isTrue();
    assertThat(
            catalogs
                .list(new CatalogRequest(null, after.toString()))
                .backups()
                .get(0)
                .backup()
                .location())
        .startsWith(after.toString());
  }

  private BackupResult backupOfFiveRows(Path catalog, long baselineRows) throws Exception {
    database.execute(
        "create table orders (id int primary key)",
        "insert into orders select generate_series(1, 5)");
    BaselineResult baseline =
        new BaselineResult(
            database.name(),
            8192,
            1,
            0,
            List.of(new TableCount("public", "orders", baselineRows, true)),
            Instant.now());
    return Backups.engine()
        .backup(
            new BackupRequest(
                "wf/run/backup/0", "test-pre-menuca", database.target(), custom(catalog), baseline),
            bytes -> {});
  }

  private RestoreTestResult restoreTest(Path catalog, String id) {
    return verifications.restoreTest(
        new RestoreTestRequest(null, catalog.toString(), id, BackupCheck.LOCAL, null));
  }

  private void verify(Path catalog, String id) {
    catalogs.verify(new ArchiveRequest(null, catalog.toString(), id));
  }

  private static BackupSpec custom(Path catalog) {
    return new BackupSpec(
        "pg_dump", catalog.toString(), "custom", null, null, List.of(), null, null, null);
  }

  private static Manifest manifest(Path catalog, String id) throws Exception {
    return Manifest.read(catalog.resolve(id).resolve(Manifest.FILE));
  }

  private static ApplicationFailure failureOf(Runnable action) {
    ActivityFailure failure = catchThrowableOfType(action::run, ActivityFailure.class);
    assertThat(failure).isNotNull();
    return (ApplicationFailure) failure.getCause();
  }

  private static void flipAByte(Path file) throws Exception {
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      long middle = raw.length() / 2;
      raw.seek(middle);
      int value = raw.read();
      raw.seek(middle);
      raw.write(value ^ 0xff);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }
}
