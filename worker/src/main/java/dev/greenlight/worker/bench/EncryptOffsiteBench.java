package dev.greenlight.worker.bench;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.BackupKeys;
import dev.greenlight.activities.backup.OffsiteCopier;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.OffsiteSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups at rest and off-site (issue 12), each beside its yardstick in one run, interleaved:
 *
 * <ul>
 *   <li><b>encrypted backup</b>: the backup step with {@code encrypt} (Tink streaming AEAD, custom
 *       format) beside the unencrypted backup step in the same format, and beside the unencrypted
 *       default (directory format, parallel jobs);
 *   <li><b>off-site upload</b>: {@link OffsiteCopier} copying the encrypted backup (archive checked
 *       against its manifest, multipart with CRC32 part and full-object checksums, manifest last,
 *       read-back) beside the AWS SDK's own upload of the same file to the same endpoint ({@code
 *       putObject}, or a multipart upload with the same part size); the read-back is timed apart.
 * </ul>
 */
public final class EncryptOffsiteBench extends InterleavedBench {

  /**
   * @param s3Endpoint the S3 endpoint for the off-site row; null skips that row
   * @param bucket the bucket (made if missing)
   * @param clients makes the S3 client for a spec, for both sides; null for the worker's own
   *     ({@link OffsiteCopier#standardClient}: the SDK's default credentials chain)
   */
  public record Settings(
      int mib,
      String database,
      String server,
      String user,
      int runs,
      boolean drop,
      String s3Endpoint,
      String bucket,
      Function<OffsiteSpec, S3Client> clients)
      implements InterleavedBench.Settings {

    public Settings {
      clients = clients == null ? OffsiteCopier::standardClient : clients;
    }
  }

  /** The rows, and what each side left behind after its last run. */
  public record Result(List<Comparison> rows, Map<String, String> evidence) {}

  /** Where the bench's keyset is read from: a name only this bench's {@link BackupKeys} knows. */
  static final String KEYSET = "GREENLIGHT_BENCH_KEYSET";

  private final Settings settings;

  private EncryptOffsiteBench(Settings settings, PrintWriter out) {
    super(settings, "greenlight-bench-offsite-", out);
    this.settings = settings;
  }

  /** Runs the bench, printing progress and the table to {@code out}. */
  public static Result run(Settings settings, PrintWriter out) throws Exception {
    return new EncryptOffsiteBench(settings, out).run();
  }

  private Result run() throws Exception {
    return new Result(rows(), Map.copyOf(evidence));
  }

  @Override
  void measure(Path work, long bytes, List<Comparison> rows) throws Exception {
    BackupResult encrypted = encryptedBackup(work, bytes, rows);
    if (settings.s3Endpoint() == null) {
      out.println(
          "off-site upload: skipped, no S3 endpoint (give --s3-endpoint URL; credentials from the"
              + " AWS SDK's default chain)");
    } else {
      rows.addAll(upload(encrypted));
    }
  }

  private BackupResult encryptedBackup(Path work, long bytes, List<Comparison> rows)
      throws Exception {
    StreamingAeadConfig.register();
    String keyset =
        TinkJsonProtoKeysetFormat.serializeKeyset(
            KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
            InsecureSecretKeyAccess.get());
    BackupKeys keys = new BackupKeys(name -> KEYSET.equals(name) ? keyset : null);
    BackupEngine engine =
        new BackupEngine(
            tools, connector, Clock.systemUTC(), keys, OffsiteCopier.standard(Clock.systemUTC()));
    BaselineResult baseline = bench.baseline(bench.name(), bytes);
    String catalog = work.resolve("catalog").toString();
    BackupSpec encrypt =
        new BackupSpec(
            "pg_dump",
            catalog,
            null,
            null,
            null,
            List.of(),
            null,
            new EncryptSpec(KEYSET, null),
            null);
    BackupSpec custom = new BackupSpec("pg_dump", catalog, "custom", null, null, List.of(), null);
    BackupSpec directory = new BackupSpec("pg_dump", catalog, null, null, null, List.of(), null);
    List<BackupSpec> specs = List.of(encrypt, custom, directory);
    List<Samples> samples = List.of(new Samples(), new Samples(), new Samples());
    List<String> names = List.of("encrypted", "custom", "directory");
    BackupResult last = null;
    // One untimed run of each first.
    for (int run = -1; run < settings.runs(); run++) {
      for (int turn = 0; turn < specs.size(); turn++) {
        int side = Math.floorMod(run + turn, specs.size());
        long start = System.nanoTime();
        BackupResult backup =
            engine.backup(
                new BackupRequest(
                    "bench-encrypt/" + names.get(side) + "/" + run + "/" + Instant.now(),
                    "bench-" + names.get(side),
                    bench.target(bench.name()),
                    specs.get(side),
                    baseline),
                b -> {});
        double seconds = BenchDatabase.seconds(start);
        if (run >= 0) {
          samples.get(side).add(seconds);
        }
        evidence.put(
            "backup: " + names.get(side),
            String.format(
                Locale.ROOT,
                "%s format, %d bytes%s",
                backup.format(),
                backup.bytes(),
                backup.encryption() == null
                    ? ""
                    : ", key "
                        + backup.encryption().keyId()
                        + ", "
                        + plaintextMagic(keys, backup)));
        if (side == 0 && run == settings.runs() - 1) {
          last = backup;
        } else {
          BenchDatabase.deleteTree(Path.of(backup.manifest()).getParent());
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "backup: encrypted (custom) %s, unencrypted custom %s, unencrypted default (%s) %s%n",
        samples.get(0).describe("%.2f", "s"),
        samples.get(1).describe("%.2f", "s"),
        String.join(" ", BackupEngine.dumpFlags(directory)),
        samples.get(2).describe("%.2f", "s"));
    out.flush();
    rows.add(
        new Comparison(
            "encrypted backup (custom, " + BackupEngine.dumpFlags(custom).get(1) + ")",
            samples.get(0),
            "unencrypted backup step, custom",
            samples.get(1),
            1.15));
    rows.add(
        new Comparison(
            "encrypted backup, against the default",
            samples.get(0),
            "unencrypted default, directory --jobs=" + BackupEngine.defaultJobs(),
            samples.get(2),
            0));
    return last;
  }

  /** The first bytes of the decrypted archive: {@code PGDMP} for a custom-format dump. */
  private static String plaintextMagic(BackupKeys keys, BackupResult backup) throws Exception {
    try (InputStream plaintext = keys.openArchive(backup)) {
      return "decrypts to " + new String(plaintext.readNBytes(5), StandardCharsets.US_ASCII);
    }
  }

  private List<Comparison> upload(BackupResult backup) throws Exception {
    String bucket = settings.bucket();
    OffsiteSpec base = new OffsiteSpec(bucket, null, settings.s3Endpoint(), null);
    try (S3Client s3 = settings.clients().apply(base)) {
      try {
        s3.headBucket(b -> b.bucket(bucket));
      } catch (NoSuchBucketException e) {
        s3.createBucket(b -> b.bucket(bucket));
      }
    }
    Path archive = Path.of(backup.location());
    long size = Files.size(archive);
    long partSize = OffsiteCopier.DEFAULT_PART_SIZE;
    AtomicLong readBackNanos = new AtomicLong();
    OffsiteCopier copier =
        new OffsiteCopier(
            spec -> timedReadBack(settings.clients().apply(spec), readBackNanos),
            partSize,
            Clock.systemUTC());
    Samples copy = new Samples();
    Samples uploadOnly = new Samples();
    Samples readBack = new Samples();
    Samples sdk = new Samples();
    String stamp = String.valueOf(Instant.now().toEpochMilli());
    for (int run = -1; run < settings.runs(); run++) {
      for (int turn = 0; turn < 2; turn++) {
        boolean greenlight = Math.floorMod(run + turn, 2) == 0;
        String prefix =
            "greenlight-bench/" + stamp + "/" + (greenlight ? "greenlight" : "sdk") + "-" + run;
        OffsiteSpec spec = new OffsiteSpec(bucket, prefix, settings.s3Endpoint(), null);
        long start = System.nanoTime();
        if (greenlight) {
          readBackNanos.set(0);
          copier.copy(backup, spec, b -> {});
          double seconds = BenchDatabase.seconds(start);
          if (run >= 0) {
            copy.add(seconds);
            readBack.add(readBackNanos.get() / 1e9);
            uploadOnly.add(seconds - readBackNanos.get() / 1e9);
          }
        } else {
          sdkUpload(spec, archive, spec.keyPrefix() + archive.getFileName(), size, partSize);
          if (run >= 0) {
            sdk.add(BenchDatabase.seconds(start));
          }
        }
        List<S3Object> objects = objects(spec);
        evidence.put(
            "upload: " + (greenlight ? "Greenlight" : "AWS SDK"),
            objects.stream()
                .map(o -> o.key().substring(spec.keyPrefix().length()) + " " + o.size())
                .sorted()
                .toList()
                .toString());
        if (run < settings.runs() - 1) {
          delete(spec, objects);
        }
      }
    }
    String how =
        size <= partSize
            ? "one putObject"
            : String.format(Locale.ROOT, "multipart, %d MiB parts", partSize / (1024 * 1024));
    out.printf(
        Locale.ROOT,
        "off-site upload of %s (%.1f MiB, %s) to %s: Greenlight copy %s (upload %s, read-back %s),"
            + " AWS SDK %s%n",
        archive.getFileName(),
        size / 1048576.0,
        how,
        settings.s3Endpoint(),
        copy.describe("%.2f", "s"),
        uploadOnly.describe("%.2f", "s"),
        readBack.describe("%.3f", "s"),
        sdk.describe("%.2f", "s"));
    out.flush();
    return List.of(
        new Comparison(
            "off-site copy, everything (" + how + ", manifest, read-back)",
            copy,
            "AWS SDK upload",
            sdk,
            1.1),
        new Comparison(
            "off-site copy without its read-back", uploadOnly, "AWS SDK upload", sdk, 1.1));
  }

  /**
   * The AWS SDK's own upload of one file with the client's defaults: {@code putObject} from the
   * file, or create, upload each part of {@code partSize}, complete.
   */
  private void sdkUpload(OffsiteSpec spec, Path file, String key, long size, long partSize)
      throws Exception {
    try (S3Client s3 = settings.clients().apply(spec)) {
      if (size <= partSize) {
        s3.putObject(b -> b.bucket(spec.bucket()).key(key), RequestBody.fromFile(file));
        return;
      }
      String uploadId = s3.createMultipartUpload(b -> b.bucket(spec.bucket()).key(key)).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[(int) partSize];
        for (int number = 1; ; number++) {
          int length = in.readNBytes(buffer, 0, buffer.length);
          if (length == 0) {
            break;
          }
          int partNumber = number;
          String etag =
              s3.uploadPart(
                      b ->
                          b.bucket(spec.bucket())
                              .key(key)
                              .uploadId(uploadId)
                              .partNumber(partNumber),
                      RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, length)))
                  .eTag();
          parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(spec.bucket())
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    }
  }

  private List<S3Object> objects(OffsiteSpec spec) {
    try (S3Client s3 = settings.clients().apply(spec)) {
      return s3.listObjectsV2(b -> b.bucket(spec.bucket()).prefix(spec.keyPrefix())).contents();
    }
  }

  private void delete(OffsiteSpec spec, List<S3Object> objects) {
    try (S3Client s3 = settings.clients().apply(spec)) {
      for (S3Object object : objects) {
        s3.deleteObject(b -> b.bucket(spec.bucket()).key(object.key()));
      }
    }
  }

  /**
   * {@code client}, with the time spent in {@code headObject} (the copier's read-back) added to
   * {@code nanos}.
   */
  private static S3Client timedReadBack(S3Client client, AtomicLong nanos) {
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              long start = System.nanoTime();
              try {
                return method.invoke(client, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (method.getName().equals("headObject")) {
                  nanos.addAndGet(System.nanoTime() - start);
                }
              }
            });
  }
}
