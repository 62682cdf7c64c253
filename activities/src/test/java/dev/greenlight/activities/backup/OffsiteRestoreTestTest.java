package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.VerificationActivitiesImpl;
import dev.greenlight.activities.WorkerHost;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.RestoreTestRequest;
import dev.greenlight.workflows.activities.RestoreTestResult;
import dev.greenlight.workflows.activities.VerificationActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.OffsiteSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The restore test of a backup's off-site copy: downloaded from S3 (S3Proxy in-process) to a
 * temporary directory beside the catalog, every file's sha256 checked against the manifest,
 * restored and counted against the manifest's baseline; a copy altered in the store fails naming
 * the object; nothing downloaded is left behind.
 */
class OffsiteRestoreTestTest {

  private static final String BUCKET = "greenlight-backups";

  @RegisterExtension
  final S3ProxyExtension s3proxy =
      S3ProxyExtension.builder()
          .withBlobStoreProvider("filesystem-nio2")
          .withCredentials("access", "secret")
          .build();

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path catalog;

  private TestActivityEnvironment env;
  private VerificationActivities verifications;
  private OffsiteCopier copier;

  @BeforeEach
  void setUp() throws Exception {
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
    copier = new OffsiteCopier(spec -> client(), 5L << 20, Clock.systemUTC());
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new VerificationActivitiesImpl(
            new WorkerHost("test-host", catalog), Backups.verifier(), copier, directory -> {}));
    verifications =
        env.newActivityStub(
            VerificationActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    database.execute(
        "create table orders (id int primary key)",
        "insert into orders select generate_series(1, 5)");
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void theOffsiteCopyOfADirectoryArchiveRestoresToTheManifestsBaseline() throws Exception {
    BackupResult backup = backup(null);
    assertThat(backup.offsite().endpoint()).isEqualTo(s3proxy.getUri().toString());

    RestoreTestResult result = restoreTest(backup.id());

    assertThat(result.sound()).as(result.problem()).isTrue();
    assertThat(result.copy()).isEqualTo(BackupCheck.OFFSITE);
    assertThat(result.tablesCompared()).isEqualTo(1);
    assertThat(result.rowsRestored()).isEqualTo(5);
    assertThat(downloadsLeft()).isEmpty();
  }

  @Test
  void anOffsiteCopyAlteredInTheStoreFailsNamingTheObject() throws Exception {
    BackupResult backup = backup("custom");
    String file = backup.files().get(0).path();
    String key = "prod/" + backup.id() + "/" + file;
    try (S3Client s3 = client()) {
      s3.putObject(
          b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes("not the archive".getBytes()));
    }

    RestoreTestResult result = restoreTest(backup.id());

    assertThat(result.sound()).isFalse();
    assertThat(result.problem())
        .startsWith("off-site copy: checksum mismatch in s3://" + BUCKET + "/" + key + ": sha256 ");
    assertThat(downloadsLeft()).isEmpty();
  }

  private BackupResult backup(String format) {
    OffsiteSpec offsite = new OffsiteSpec(BUCKET, "prod", s3proxy.getUri().toString(), "us-east-1");
    BaselineResult baseline =
        new BaselineResult(
            database.name(),
            8192,
            1,
            0,
            List.of(new TableCount("public", "orders", 5, true)),
            Instant.now());
    BackupEngine engine =
        new BackupEngine(
            Backups.TOOLS, Backups.CONNECTOR, Clock.systemUTC(), Keysets.keys(null), copier);
    return engine.backup(
        new BackupRequest(
            "wf/run/backup/0",
            "test-pre-offsite",
            database.target(),
            new BackupSpec(
                "pg_dump", catalog.toString(), format, null, null, List.of(), null, null, offsite),
            baseline),
        bytes -> {});
  }

  private RestoreTestResult restoreTest(String id) {
    return verifications.restoreTest(
        new RestoreTestRequest(null, catalog.toString(), id, BackupCheck.OFFSITE, null));
  }

  private List<Path> downloadsLeft() throws Exception {
    try (Stream<Path> children = Files.list(catalog)) {
      return children.filter(p -> p.getFileName().toString().startsWith(".verify-")).toList();
    }
  }

  private S3Client client() {
    return S3Client.builder()
        .endpointOverride(s3proxy.getUri())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
        .build();
  }
}
