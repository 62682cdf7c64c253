package dev.greenlight.activities.backup;

import static dev.greenlight.workflows.activities.BackupActivities.OFFSITE_FAILED;
import static dev.greenlight.workflows.activities.BackupActivities.OFFSITE_REFUSED;
import static dev.greenlight.workflows.activities.BackupActivities.VERIFICATION_FAILED;

import dev.greenlight.workflows.plan.OffsiteSpec;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.OffsiteCopy;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies a complete local backup off-site to S3: every archive file (multipart above {@code
 * partSize}), then its manifest last, so a copy is registered (has its {@code backup.json}) only
 * once every archive object is there. Each file's SHA-256 is computed once, as it is read for
 * upload, and checked against the manifest before the object exists (only the verified archive
 * leaves). A file sent whole carries that SHA-256 for S3 to check on receipt; a multipart file's
 * parts carry their CRC32 (the SDK's default) and the upload is a full-object CRC32 one, so S3
 * checks each part and the whole object. Then each object's checksum is read back (or, where a
 * store keeps no checksum, its ETag against MD5s computed only then) and {@code offsiteVerifiedAt}
 * is recorded in the local manifest. The next part is read and hashed on a second thread while the
 * previous one uploads. An interrupted multipart upload is aborted: no partial object is left.
 */
public final class OffsiteCopier {

  /** 16 MiB parts: S3 allows 10,000 parts, so objects up to 156 GiB. */
  public static final long DEFAULT_PART_SIZE = 16L << 20;

  private final Function<OffsiteSpec, S3Client> clients;
  private final long partSize;
  private final Clock clock;

  /**
   * @param clients makes a client for a spec ({@link #standardClient} on a worker)
   * @param partSize above this a file is uploaded in parts of this size (at least 5 MiB)
   */
  public OffsiteCopier(Function<OffsiteSpec, S3Client> clients, long partSize, Clock clock) {
    if (partSize < (5L << 20)) {
      throw new IllegalArgumentException("S3 parts are at least 5 MiB");
    }
    this.clients = clients;
    this.partSize = partSize;
    this.clock = clock;
  }

  /** The worker's copier: the SDK's default credentials chain, 16 MiB parts. */
  public static OffsiteCopier standard(Clock clock) {
    return new OffsiteCopier(OffsiteCopier::standardClient, DEFAULT_PART_SIZE, clock);
  }

  /**
   * A client for {@code spec}: credentials from the SDK's default provider chain (environment,
   * system properties, profile, web identity, container or instance role); the region from the
   * spec, else the SDK's region chain, else us-east-1 when an endpoint is given. A custom endpoint
   * (MinIO, Ceph, S3Proxy) is addressed path-style.
   */
  public static S3Client standardClient(OffsiteSpec spec) {
    S3ClientBuilder builder =
        S3Client.builder().credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (spec.endpoint() != null) {
      builder.endpointOverride(URI.create(spec.endpoint())).forcePathStyle(true);
    }
    if (spec.region() != null) {
      builder.region(Region.of(spec.region()));
    } else if (spec.endpoint() != null) {
      builder.region(Region.US_EAST_1);
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot set up the S3 client for offsite.s3 (" + e.getMessage() + ")", OFFSITE_REFUSED);
    }
  }

  /** Where the copy of {@code backupId} lives: {@code s3://bucket/prefix/id/}. */
  public static String location(OffsiteSpec spec, String backupId) {
    return "s3://" + spec.bucket() + "/" + spec.keyPrefix() + backupId + "/";
  }

  /**
   * Copies {@code backup} (complete, with its manifest) to {@code spec}, verifies the copy and
   * records it in the local manifest.
   *
   * @return the backup with its {@link OffsiteCopy}
   */
  public BackupResult copy(BackupResult backup, OffsiteSpec spec, BackupEngine.Progress progress) {
    String base = spec.keyPrefix() + backup.id() + "/";
    Path location = Path.of(backup.location());
    Path manifest = Path.of(backup.manifest());
    boolean single = Files.isRegularFile(location);
    long[] sent = {0};
    try (S3Client s3 = clients.apply(spec)) {
      for (BackupFile file : backup.files()) {
        Path local = single ? location : location.resolve(file.path());
        String key = base + (single ? file.path() : "archive/" + file.path());
        Expected expected = upload(s3, spec.bucket(), key, local, file, sent, progress);
        readBack(s3, spec.bucket(), key, expected);
      }
      byte[] manifestBytes = Files.readAllBytes(manifest);
      Expected expected = Expected.single(manifestBytes, digest("SHA-256").digest(manifestBytes));
      s3.putObject(
          b ->
              b.bucket(spec.bucket())
                  .key(base + Manifest.FILE)
                  .contentType("application/json")
                  .checksumSHA256(expected.checksums().get(0)),
          RequestBody.fromBytes(manifestBytes));
      readBack(s3, spec.bucket(), base + Manifest.FILE, expected);
      return Catalog.recordOffsite(
          manifest,
          new OffsiteCopy(
              location(spec, backup.id()), clock.instant(), spec.endpoint(), spec.region()));
    } catch (S3Exception e) {
      throw failure(backup, spec, e, e.statusCode());
    } catch (SdkException e) {
      throw failure(backup, spec, e, 0);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot read backup " + backup.id() + " for its off-site copy: " + e.getMessage(),
          OFFSITE_FAILED);
    }
  }

  /**
   * Downloads the off-site copy of {@code backup} into {@code into} (a fresh directory), checking
   * every archive file's SHA-256 against the manifest as it is written; returns the backup as that
   * copy holds it (its location in {@code into}). A copy that does not match fails with {@code
   * VERIFICATION_FAILED} naming the object; an unreachable store fails retryably.
   */
  public BackupResult download(BackupResult backup, Path into, BackupEngine.Progress progress) {
    OffsiteCopy copy = backup.offsite();
    if (copy == null || copy.location() == null || !copy.location().startsWith("s3://")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "backup " + backup.id() + " has no off-site copy", VERIFICATION_FAILED);
    }
    String path = copy.location().substring("s3://".length());
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String base = slash < 0 ? "" : path.substring(slash + 1);
    OffsiteSpec spec = new OffsiteSpec(bucket, null, copy.endpoint(), copy.region());
    boolean single =
        backup.files().size() == 1
            && backup.location() != null
            && Path.of(backup.location())
                .getFileName()
                .toString()
                .equals(backup.files().get(0).path());
    Path archive = single ? into.resolve(backup.files().get(0).path()) : into.resolve("archive");
    long[] received = {0};
    try (S3Client s3 = clients.apply(spec)) {
      for (BackupFile file : backup.files()) {
        String key = base + (single ? file.path() : "archive/" + file.path());
        Path local = single ? archive : archive.resolve(file.path());
        Files.createDirectories(local.getParent());
        MessageDigest sha = digest("SHA-256");
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key));
            java.io.OutputStream out =
                new java.security.DigestOutputStream(Files.newOutputStream(local), sha)) {
          byte[] buffer = new byte[1 << 20];
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            received[0] += n;
            progress.report(received[0]);
          }
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(file.sha256())) {
          throw ApplicationFailure.newNonRetryableFailure(
              "off-site copy: checksum mismatch in s3://"
                  + bucket
                  + "/"
                  + key
                  + ": sha256 "
                  + actual.substring(0, 16)
                  + "…, the manifest says "
                  + file.sha256().substring(0, 16)
                  + "…",
              VERIFICATION_FAILED);
        }
      }
      return backup.relocated(archive.toString(), null);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw ApplicationFailure.newNonRetryableFailure(
            "off-site copy "
                + copy.location()
                + " is missing an object ("
                + firstLine(e.getMessage())
                + ")",
            VERIFICATION_FAILED);
      }
      throw ApplicationFailure.newFailure(
          "cannot read the off-site copy " + copy.location() + " (HTTP " + e.statusCode() + ")",
          OFFSITE_FAILED);
    } catch (SdkException e) {
      throw ApplicationFailure.newFailure(
          "cannot read the off-site copy "
              + copy.location()
              + " ("
              + firstLine(e.getMessage())
              + ")",
          OFFSITE_FAILED);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot write the off-site copy of "
              + backup.id()
              + " to "
              + into
              + ": "
              + e.getMessage(),
          OFFSITE_FAILED);
    }
  }

  /**
   * What S3 should report for an object: its size; its checksum, SHA-256 for an object sent whole
   * (the file's, checked against the manifest), CRC32 for a multipart one (the whole object's, or
   * the composite CRC32 of the parts' CRC32s with {@code -N} from a store that keeps only that);
   * and, only where a store keeps no checksum, its ETag (an MD5, computed then: see {@link
   * #readBack}).
   */
  record Expected(
      long bytes, ChecksumAlgorithm algorithm, List<String> checksums, Supplier<String> etag) {
    static Expected single(byte[] content, byte[] sha256) {
      return new Expected(
          content.length,
          ChecksumAlgorithm.SHA256,
          List.of(Base64.getEncoder().encodeToString(sha256)),
          () -> HexFormat.of().formatHex(digest("MD5").digest(content)));
    }
  }

  /** One part as read: its bytes in {@code buffer}, its CRC32 (length 0 at the end of the file). */
  private record Part(byte[] buffer, int length, byte[] crc32) {}

  private Expected upload(
      S3Client s3,
      String bucket,
      String key,
      Path local,
      BackupFile file,
      long[] sent,
      BackupEngine.Progress progress)
      throws IOException {
    long size = Files.size(local);
    if (size <= partSize) {
      byte[] content = Files.readAllBytes(local);
      byte[] sha256 = digest("SHA-256").digest(content);
      checkLocal(file, HexFormat.of().formatHex(sha256), local);
      Expected expected = Expected.single(content, sha256);
      s3.putObject(
          b -> b.bucket(bucket).key(key).checksumSHA256(expected.checksums().get(0)),
          RequestBody.fromBytes(content));
      sent[0] += size;
      progress.report(sent[0]);
      return expected;
    }
    String uploadId =
        s3.createMultipartUpload(
                b ->
                    b.bucket(bucket)
                        .key(key)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                        .checksumType(ChecksumType.FULL_OBJECT))
            .uploadId();
    boolean completed = false;
    // the next part is read and hashed on the reader thread while the previous one uploads
    ExecutorService reader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "offsite-read-" + key);
              thread.setDaemon(true);
              return thread;
            });
    try (InputStream in = Files.newInputStream(local)) {
      try {
        MessageDigest whole = digest("SHA-256");
        CRC32 wholeCrc = new CRC32();
        CRC32 partCrcs = new CRC32();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] buffers = {new byte[(int) partSize], new byte[(int) partSize]};
        Future<Part> next = reader.submit(() -> read(in, buffers[0], whole, wholeCrc));
        for (int number = 1; ; number++) {
          Part part = await(next);
          if (part.length() == 0) {
            break;
          }
          // the other buffer's part has been sent: it is free for the next read
          byte[] free = buffers[number % 2];
          next = reader.submit(() -> read(in, free, whole, wholeCrc));
          partCrcs.update(part.crc32());
          int partNumber = number;
          String partChecksum = Base64.getEncoder().encodeToString(part.crc32());
          String etag =
              s3.uploadPart(
                      b ->
                          b.bucket(bucket)
                              .key(key)
                              .uploadId(uploadId)
                              .partNumber(partNumber)
                              .checksumCRC32(partChecksum),
                      RequestBody.fromContentProvider(
                          () -> new ByteArrayInputStream(part.buffer(), 0, part.length()),
                          part.length(),
                          "application/octet-stream"))
                  .eTag();
          parts.add(
              CompletedPart.builder()
                  .partNumber(partNumber)
                  .eTag(etag)
                  .checksumCRC32(partChecksum)
                  .build());
          sent[0] += part.length();
          progress.report(sent[0]);
        }
        checkLocal(file, HexFormat.of().formatHex(whole.digest()), local);
        String wholeChecksum = Base64.getEncoder().encodeToString(crc32(wholeCrc));
        s3.completeMultipartUpload(
            b ->
                b.bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .checksumType(ChecksumType.FULL_OBJECT)
                    .checksumCRC32(wholeChecksum)
                    .multipartUpload(m -> m.parts(parts)));
        completed = true;
        int count = parts.size();
        return new Expected(
            size,
            ChecksumAlgorithm.CRC32,
            List.of(
                wholeChecksum, Base64.getEncoder().encodeToString(crc32(partCrcs)) + "-" + count),
            () -> multipartEtag(local, count));
      } finally {
        // the reader stops before the file closes under it
        reader.shutdownNow();
        awaitQuietly(reader);
      }
    } finally {
      if (!completed) {
        abortQuietly(s3, bucket, key, uploadId);
      }
    }
  }

  /**
   * Reads the next part into {@code buffer}, adding it to the file's SHA-256 and CRC32; the part's
   * own CRC32 is for the store to check on receipt.
   */
  private static Part read(InputStream in, byte[] buffer, MessageDigest whole, CRC32 wholeCrc)
      throws IOException {
    int length = in.readNBytes(buffer, 0, buffer.length);
    whole.update(buffer, 0, length);
    wholeCrc.update(buffer, 0, length);
    CRC32 crc = new CRC32();
    crc.update(buffer, 0, length);
    return new Part(buffer, length, crc32(crc));
  }

  /** A CRC32 as S3 sends it: four bytes, big-endian. */
  private static byte[] crc32(CRC32 crc) {
    return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
  }

  private static Part await(Future<Part> next) throws IOException {
    try {
      return next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the next part");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void awaitQuietly(ExecutorService reader) {
    try {
      if (!reader.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the off-site part reader did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The ETag a store that keeps no checksum makes for a multipart upload of {@code local} in {@link
   * #partSize} parts: the MD5 of the parts' MD5s, {@code -count}. Reads the file again; only the
   * read-back of such a store needs it.
   */
  private String multipartEtag(Path local, int count) {
    MessageDigest md5s = digest("MD5");
    try (InputStream in = Files.newInputStream(local)) {
      byte[] buffer = new byte[1 << 20];
      for (int part = 0; part < count; part++) {
        MessageDigest md5 = digest("MD5");
        long left = partSize;
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            break;
          }
          md5.update(buffer, 0, n);
          left -= n;
        }
        md5s.update(md5.digest());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read " + local + " for its ETag", e);
    }
    return HexFormat.of().formatHex(md5s.digest()) + "-" + count;
  }

  /**
   * Checks the object's size and its checksum as the store reports it (SHA-256 for an object sent
   * whole, CRC32 for a multipart one); only a store that reports no checksum of that algorithm is
   * checked by its ETag, the MD5 computed now (re-reading a multipart file).
   */
  private static void readBack(S3Client s3, String bucket, String key, Expected expected) {
    HeadObjectResponse head =
        s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
    String where = "s3://" + bucket + "/" + key;
    if (head.contentLength() == null || head.contentLength() != expected.bytes()) {
      throw mismatch(
          where + " reads back as " + head.contentLength() + " bytes, sent " + expected.bytes());
    }
    String checksum =
        expected.algorithm() == ChecksumAlgorithm.SHA256
            ? head.checksumSHA256()
            : head.checksumCRC32();
    if (checksum != null) {
      if (!expected.checksums().contains(checksum)) {
        throw mismatch(
            where
                + " reads back with "
                + expected.algorithm()
                + " "
                + checksum
                + ", sent "
                + expected.checksums().get(0));
      }
      return;
    }
    String etag = head.eTag() == null ? null : head.eTag().replace("\"", "");
    String sent = expected.etag().get();
    if (!sent.equals(etag)) {
      throw mismatch(where + " reads back with ETag " + etag + ", sent " + sent);
    }
  }

  private static void checkLocal(BackupFile file, String sha256, Path local) {
    if (!file.sha256().equals(sha256)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "not copying off-site: checksum mismatch in "
              + local
              + ": sha256 "
              + sha256.substring(0, 16)
              + "…, the manifest says "
              + file.sha256().substring(0, 16)
              + "…",
          VERIFICATION_FAILED);
    }
  }

  private static void abortQuietly(S3Client s3, String bucket, String key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException ignored) {
      // the store is unreachable: a lifecycle rule (AbortIncompleteMultipartUpload) removes it;
      // an incomplete upload is never an object, so nothing partial is registered
    }
  }

  private static ApplicationFailure mismatch(String message) {
    return ApplicationFailure.newFailure(
        "off-site copy does not verify: " + message, OFFSITE_FAILED);
  }

  private static ApplicationFailure failure(
      BackupResult backup, OffsiteSpec spec, SdkException e, int status) {
    String message =
        "the off-site copy of backup "
            + backup.id()
            + " to "
            + location(spec, backup.id())
            + " failed ("
            + (status > 0 ? "HTTP " + status + ": " : "")
            + firstLine(e.getMessage())
            + "); the local backup "
            + backup.location()
            + " is complete";
    boolean refused =
        status == 401
            || status == 403
            || status == 404
            || (e instanceof SdkClientException
                && String.valueOf(e.getMessage()).contains("credentials"));
    return refused
        ? ApplicationFailure.newNonRetryableFailure(message, OFFSITE_REFUSED)
        : ApplicationFailure.newFailure(message, OFFSITE_FAILED);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "no message";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has " + algorithm, e);
    }
  }
}
