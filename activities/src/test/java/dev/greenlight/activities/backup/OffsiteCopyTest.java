package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.OffsiteSpec;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The off-site copy: archive and manifest uploaded (multipart when large), checksums read back,
 * {@code offsiteVerifiedAt} recorded; an unreachable or failing store is a retryable failure that
 * leaves the local backup valid, and a retry copies it; an upload interrupted mid-way leaves no
 * object and no manifest registered. Against S3Proxy in-process, filesystem backend.
 */
class OffsiteCopyTest {

  private static final String BUCKET = "greenlight-backups";

  @RegisterExtension
  final S3ProxyExtension s3proxy =
      S3ProxyExtension.builder()
          .withBlobStoreProvider("filesystem-nio2")
          .withCredentials("access", "secret")
          .build();

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  @BeforeEach
  void bucket() throws Exception {
    try (S3Client s3 = client(s3proxy.getUri(), List.of())) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
    Fixtures.menuca(database);
  }

  private S3Client client(URI endpoint, List<ExecutionInterceptor> interceptors) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
        .overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor))
        .build();
  }

  private OffsiteSpec spec(String endpoint) {
    return new OffsiteSpec(BUCKET, "prod/menuca/", endpoint, "us-east-1");
  }

  private BackupEngine engine(Function<OffsiteSpec, S3Client> clients) {
    return new BackupEngine(
        Backups.TOOLS,
        Backups.CONNECTOR,
        Clock.systemUTC(),
        Keysets.keys(null),
        new OffsiteCopier(clients, 5L << 20, Clock.systemUTC()));
  }

  private BackupSpec backupSpec(OffsiteSpec offsite) {
    return new BackupSpec(
        "pg_dump", directory.toString(), "custom", null, null, List.of(), null, null, offsite);
  }

  private List<String> keys() {
    try (S3Client s3 = client(s3proxy.getUri(), List.of())) {
      return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
          .map(S3Object::key)
          .sorted()
          .toList();
    }
  }

  @Test
  void theVerifiedArchiveAndItsManifestAreCopiedAndReadBack() throws Exception {
    BackupSpec spec = backupSpec(spec(s3proxy.getUri().toString()));

    BackupResult backup =
        engine(s -> client(s3proxy.getUri(), List.of()))
            .backup(Backups.request(database, spec, "k"), bytes -> {});

    String base = "prod/menuca/" + backup.id() + "/";
    assertThat(keys()).containsExactly(base + "archive.pgdump", base + "backup.json");
    assertThat(backup.offsite().location()).isEqualTo("s3://" + BUCKET + "/" + base);
    assertThat(backup.offsite().offsiteVerifiedAt()).isBeforeOrEqualTo(Instant.now());
    assertThat(Manifest.read(Path.of(backup.manifest())).backup()).isEqualTo(backup);
    try (S3Client s3 = client(s3proxy.getUri(), List.of())) {
      byte[] copied =
          s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(base + "archive.pgdump")).asByteArray();
      assertThat(copied).isEqualTo(Files.readAllBytes(Path.of(backup.location())));
    }
  }

  @Test
  void aLargeFileGoesUpInPartsAndVerifies() throws Exception {
    BackupResult backup = synthetic("big", 12 << 20);
    OffsiteCopier copier =
        new OffsiteCopier(s -> client(s3proxy.getUri(), List.of()), 5L << 20, Clock.systemUTC());
    long[] reported = {0};

    BackupResult copied =
        copier.copy(backup, spec(s3proxy.getUri().toString()), bytes -> reported[0] = bytes);

    assertThat(reported[0]).isEqualTo(12 << 20);
    assertThat(copied.offsite()).isNotNull();
    assertThat(keys())
        .containsExactly("prod/menuca/big/archive.pgdump", "prod/menuca/big/backup.json");
  }

  @Test
  void aMultipartCopyIsCheckedByTheWholeObjectsCrc32() throws Exception {
    BackupResult backup = synthetic("sums", 12 << 20);
    OffsiteCopier copier =
        new OffsiteCopier(s -> client(s3proxy.getUri(), List.of()), 5L << 20, Clock.systemUTC());

    copier.copy(backup, spec(s3proxy.getUri().toString()), bytes -> {});

    try (S3Client s3 = client(s3proxy.getUri(), List.of())) {
      // the read-back compares these; no MD5 is computed for a store that keeps them
      assertThat(
              s3.headObject(
                      b ->
                          b.bucket(BUCKET)
                              .key("prod/menuca/sums/archive.pgdump")
                              .checksumMode(ChecksumMode.ENABLED))
                  .checksumCRC32())
          .isEqualTo(crc32(Path.of(backup.location())));
    }
  }

  @Test
  void aStoreKeepingNoChecksumIsCheckedByItsEtag() throws Exception {
    BackupResult backup = synthetic("etag", 12 << 20);
    OffsiteCopier copier =
        new OffsiteCopier(
            s -> client(s3proxy.getUri(), List.of(withoutChecksums(null))),
            5L << 20,
            Clock.systemUTC());

    BackupResult copied = copier.copy(backup, spec(s3proxy.getUri().toString()), bytes -> {});

    assertThat(copied.offsite().offsiteVerifiedAt()).isNotNull();
  }

  @Test
  void aStoreKeepingNoChecksumWithAnotherEtagDoesNotVerify() throws Exception {
    BackupResult backup = synthetic("bad-etag", 12 << 20);
    OffsiteCopier copier =
        new OffsiteCopier(
            s -> client(s3proxy.getUri(), List.of(withoutChecksums("0123456789abcdef-3"))),
            5L << 20,
            Clock.systemUTC());

    ApplicationFailure failure =
        Backups.failure(() -> copier.copy(backup, spec(s3proxy.getUri().toString()), bytes -> {}));

    assertThat(failure.getType()).isEqualTo(BackupActivities.OFFSITE_FAILED);
    assertThat(failure.getOriginalMessage())
        .contains("does not verify")
        .contains("prod/menuca/bad-etag/archive.pgdump reads back with ETag 0123456789abcdef-3");
    assertThat(Manifest.read(Path.of(backup.manifest())).backup().offsite()).isNull();
  }

  /** The CRC32 of {@code file} as S3 sends it (base64 of four bytes, big-endian). */
  private static String crc32(Path file) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file));
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * A store that keeps no checksum: {@code HeadObject} answers without {@code x-amz-checksum-*}
   * (and, given {@code etag}, with that ETag on the archive).
   */
  private static ExecutionInterceptor withoutChecksums(String etag) {
    return new ExecutionInterceptor() {
      @Override
      public SdkHttpResponse modifyHttpResponse(
          Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof HeadObjectRequest head)) {
          return context.httpResponse();
        }
        SdkHttpResponse.Builder response = context.httpResponse().toBuilder();
        context.httpResponse().headers().keySet().stream()
            .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum"))
            .toList()
            .forEach(response::removeHeader);
        if (etag != null && head.key().endsWith("archive.pgdump")) {
          response.putHeader("ETag", "\"" + etag + "\"");
        }
        return response.build();
      }
    };
  }

  @Test
  void anUploadInterruptedMidWayLeavesNothingRegistered() throws Exception {
    BackupResult backup = synthetic("cut", 12 << 20);
    ExecutionInterceptor cut =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
              throw new IllegalStateException("connection lost mid-upload");
            }
          }
        };
    OffsiteCopier copier =
        new OffsiteCopier(s -> client(s3proxy.getUri(), List.of(cut)), 5L << 20, Clock.systemUTC());

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> copier.copy(backup, spec(s3proxy.getUri().toString()), bytes -> {}));

    assertThat(thrown).hasMessageContaining("connection lost mid-upload");
    assertThat(keys()).isEmpty();
    try (S3Client s3 = client(s3proxy.getUri(), List.of())) {
      assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }
    assertThat(Manifest.read(Path.of(backup.manifest())).backup().offsite()).isNull();
  }

  @Test
  void anUnreachableStoreIsRetryableAndTheLocalBackupStaysValid() throws Exception {
    OffsiteSpec unreachable = spec("http://127.0.0.1:9");
    BackupSpec spec = backupSpec(unreachable);

    ApplicationFailure failure =
        Backups.failure(
            () ->
                engine(s -> client(URI.create(s.endpoint()), List.of()))
                    .backup(Backups.request(database, spec, "k"), bytes -> {}));

    assertThat(failure.getType()).isEqualTo(BackupActivities.OFFSITE_FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("the local backup").endsWith("is complete");
    Catalog.Entry local = Catalog.list(directory).get(0);
    assertThat(local.manifest().backup().offsite()).isNull();
    Backups.verifier().checkArchive(local.manifest().backup());

    // the step's retry: the same key finds the complete local backup and only copies it
    BackupResult retried =
        engine(s -> client(s3proxy.getUri(), List.of()))
            .backup(Backups.request(database, spec, "k"), bytes -> {});
    assertThat(retried.id()).isEqualTo(local.id());
    assertThat(retried.offsite()).isNotNull();
    assertThat(Catalog.list(directory)).hasSize(1);
  }

  @Test
  void aStoreAnswering5xxIsRetryable() throws Exception {
    HttpServer failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger requests = new AtomicInteger();
    failing.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    failing.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + failing.getAddress().getPort());
      BackupSpec spec = backupSpec(spec(endpoint.toString()));

      ApplicationFailure failure =
          Backups.failure(
              () ->
                  engine(s -> client(endpoint, List.of()))
                      .backup(Backups.request(database, spec, "k"), bytes -> {}));

      assertThat(failure.getType()).isEqualTo(BackupActivities.OFFSITE_FAILED);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).contains("HTTP 503");
      assertThat(requests.get()).isGreaterThan(1);
      Backups.verifier().checkArchive(Catalog.list(directory).get(0).manifest().backup());
    } finally {
      failing.stop(0);
    }
  }

  @Test
  void anEncryptedBackupIsCopiedAsCiphertext() throws Exception {
    String keyset = Keysets.fresh();
    BackupSpec spec =
        new BackupSpec(
            "pg_dump",
            directory.toString(),
            null,
            null,
            null,
            List.of(),
            null,
            new EncryptSpec(Keysets.VARIABLE, null),
            spec(s3proxy.getUri().toString()));
    BackupEngine engine =
        new BackupEngine(
            Backups.TOOLS,
            Backups.CONNECTOR,
            Clock.systemUTC(),
            Keysets.keys(keyset),
            new OffsiteCopier(
                s -> client(s3proxy.getUri(), List.of()), 5L << 20, Clock.systemUTC()));

    BackupResult backup = engine.backup(Backups.request(database, spec, "k"), bytes -> {});

    String base = "prod/menuca/" + backup.id() + "/";
    assertThat(keys()).containsExactly(base + "archive.pgdump.tink", base + "backup.json");
    assertThat(backup.encryption()).isNotNull();
    assertThat(backup.offsite()).isNotNull();
  }

  /** A catalogued single-file backup of {@code size} random bytes. */
  private BackupResult synthetic(String id, int size) throws IOException {
    Path dir = Files.createDirectories(directory.resolve(id));
    Path archive = dir.resolve("archive.pgdump");
    byte[] content = new byte[size];
    new Random(42).nextBytes(content);
    Files.write(archive, content);
    List<BackupFile> files = ArchiveHasher.hashNow(archive);
    Instant now = Instant.now();
    BackupResult backup =
        new BackupResult(
            id,
            "l",
            "pg_dump",
            "db",
            archive.toString(),
            dir.resolve(Manifest.FILE).toString(),
            "custom",
            size,
            files.get(0).sha256(),
            files,
            "15",
            "pg_dump 15",
            now,
            now,
            null,
            null,
            null);
    new Manifest(1, "key-" + id, backup, List.of(), null, null).write(dir.resolve(Manifest.FILE));
    return backup;
  }
}
