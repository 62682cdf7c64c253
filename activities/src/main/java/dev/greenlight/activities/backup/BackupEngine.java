package dev.greenlight.activities.backup;

import static dev.greenlight.workflows.activities.BackupActivities.BACKUP_FAILED;
import static dev.greenlight.workflows.activities.BackupActivities.BAD_COMMAND_OUTPUT;
import static dev.greenlight.workflows.activities.BackupActivities.DISK_FULL;
import static dev.greenlight.workflows.activities.BackupActivities.NOT_WRITABLE;
import static dev.greenlight.workflows.activities.BackupActivities.TOOL_MISSING;
import static dev.greenlight.workflows.activities.BackupActivities.TOOL_TOO_OLD;
import static dev.greenlight.workflows.activities.DatabaseActivities.AUTHENTICATION_FAILED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupEncryption;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Takes backups: {@code pg_dump} into a catalog directory, or a user's command. A backup becomes
 * visible (its directory and {@code backup.json}) only once complete; a failed try leaves nothing.
 * The same idempotency key always yields the same backup. Its results name no task queue: the
 * activity that runs it adds its worker's host queue.
 */
public final class BackupEngine {

  /** Directory-format archives with parallel jobs and light compression: the fastest measured. */
  public static final String DEFAULT_FORMAT = "directory";

  public static final int DEFAULT_COMPRESSION = 1;
  static final String ARCHIVE = "archive";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REPORT = Duration.ofSeconds(5);

  /** Told how many bytes are written so far; may throw to stop the backup (cancellation). */
  public interface Progress {
    void report(long bytes);
  }

  /** The suffix of an encrypted archive file. */
  public static final String ENCRYPTED = ".tink";

  private final PgTools tools;
  private final DatabaseConnector connector;
  private final Clock clock;
  private final BackupKeys keys;
  private final OffsiteCopier offsite;

  /** An engine with the worker's environment for keysets and the standard off-site copier. */
  public BackupEngine(PgTools tools, DatabaseConnector connector, Clock clock) {
    this(tools, connector, clock, new BackupKeys(System::getenv), OffsiteCopier.standard(clock));
  }

  public BackupEngine(
      PgTools tools,
      DatabaseConnector connector,
      Clock clock,
      BackupKeys keys,
      OffsiteCopier offsite) {
    this.tools = tools;
    this.connector = connector;
    this.clock = clock;
    this.keys = keys;
    this.offsite = offsite;
  }

  public BackupResult backup(BackupRequest request, Progress progress) {
    return "command".equals(request.spec().method())
        ? command(request, progress)
        : pgDump(request, progress);
  }

  /** The parallel jobs a directory-format dump uses by default: one per core, at most 8. */
  public static int defaultJobs() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  /** pg_dump's format, compression and parallelism flags for a spec, defaults filled in. */
  public static List<String> dumpFlags(BackupSpec spec) {
    String format =
        spec.format() != null ? spec.format() : spec.encrypt() != null ? "custom" : DEFAULT_FORMAT;
    int compression = spec.compression() == null ? DEFAULT_COMPRESSION : spec.compression();
    List<String> flags =
        new ArrayList<>(List.of("--format=" + format, "--compress=" + compression));
    if (format.equals("directory")) {
      flags.add("--jobs=" + (spec.jobs() == null ? defaultJobs() : spec.jobs()));
    }
    return flags;
  }

  private BackupResult pgDump(BackupRequest request, Progress progress) {
    BackupSpec spec = request.spec();
    Path directory = writableDirectory(spec.directory());
    Optional<Manifest> done = Catalog.findByKey(directory, request.idempotencyKey());
    if (done.isPresent()) {
      return copyOffsite(done.get().backup(), spec, progress);
    }
    if (spec.encrypt() != null && "directory".equals(spec.format())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "an encrypted backup is one streamed file: use format custom, not directory",
          BACKUP_FAILED);
    }
    BackupKeys.Keyset keyset = spec.encrypt() == null ? null : keys.load(spec.encrypt().source());
    if (!tools.exists("pg_dump")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "pg_dump is not installed on the worker (looked in "
              + (tools.program("pg_dump").contains("/") ? tools.program("pg_dump") : "the PATH")
              + ")",
          TOOL_MISSING);
    }
    Server server = server(request.database());
    String toolVersion = toolVersion("pg_dump");
    int toolMajor = PgTools.parseMajor(toolVersion);
    if (toolMajor < server.major()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "pg_dump "
              + toolMajor
              + " cannot back up a PostgreSQL "
              + server.major()
              + " server; install pg_dump "
              + server.major()
              + " or newer on the worker",
          TOOL_TOO_OLD);
    }
    Instant started = clock.instant();
    String id = uniqueId(directory, request.label() + "-" + STAMP.format(started));
    Path partial = directory.resolve(".partial-" + shortHash(request.idempotencyKey()));
    boolean published = false;
    try {
      Processes.stopLeftovers(partial + "/");
      Archives.deleteRecursively(partial);
      Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(Archives.DIRECTORY_MODE));
      List<String> flags = dumpFlags(spec);
      boolean single = flags.contains("--format=custom");
      Path archive =
          partial.resolve(
              single ? ARCHIVE + ".pgdump" + (keyset == null ? "" : ENCRYPTED) : ARCHIVE);
      Libpq libpq = Libpq.of(request.database(), connector.password(request.database()));
      List<String> command = new ArrayList<>();
      command.add(tools.program("pg_dump"));
      command.addAll(libpq.serverArguments());
      command.addAll(flags);
      if (keyset == null) {
        command.add("--file=" + archive);
      }
      command.add(libpq.databaseArgument());
      List<BackupFile> files;
      BackupEncryption encryption = null;
      if (keyset == null) {
        ArchiveHasher hasher = new ArchiveHasher(archive);
        Processes.Result result = runWithProgress(command, libpq.environment(), hasher, progress);
        if (result.exitCode() != 0) {
          throw dumpFailure(result, directory, libpq.password());
        }
        files = hasher.finish();
      } else {
        BackupFile file = dumpEncrypted(command, libpq, archive, id, keyset, progress, directory);
        files = List.of(file);
        encryption =
            new BackupEncryption(
                keyset.primaryKeyId(), keyset.algorithm(), keyset.source(), file.sha256());
      }
      Archives.restrict(partial);
      Path target = directory.resolve(id);
      BackupResult backup =
          new BackupResult(
              id,
              request.label(),
              "pg_dump",
              server.database(),
              target.resolve(archive.getFileName()).toString(),
              target.resolve(Manifest.FILE).toString(),
              single ? "custom" : "directory",
              files.stream().mapToLong(BackupFile::bytes).sum(),
              ArchiveHasher.archiveChecksum(files),
              files,
              server.version(),
              toolVersion,
              started,
              clock.instant(),
              encryption,
              null,
              null);
      List<String> recorded = new ArrayList<>(command.subList(1, command.size()));
      Manifest.of(
              request.idempotencyKey(), backup, recorded, request.baseline(), request.database())
          .write(partial.resolve(Manifest.FILE));
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      published = true;
      return copyOffsite(backup, spec, progress);
    } catch (IOException e) {
      throw ioFailure(directory, e);
    } catch (Processes.StreamFailure e) {
      throw ioFailure(directory, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while backing up", BACKUP_FAILED);
    } finally {
      if (!published) {
        deleteQuietly(partial);
      }
    }
  }

  private BackupResult command(BackupRequest request, Progress progress) {
    BackupSpec spec = request.spec();
    Path directory = spec.directory() == null ? null : writableDirectory(spec.directory());
    if (directory != null) {
      Optional<Manifest> done = Catalog.findByKey(directory, request.idempotencyKey());
      if (done.isPresent()) {
        return done.get().backup();
      }
    }
    Server server = server(request.database());
    Instant started = clock.instant();
    Libpq libpq = Libpq.of(request.database(), connector.password(request.database()));
    Map<String, String> environment = new HashMap<>(libpq.environment());
    environment.put("GREENLIGHT_BACKUP_LABEL", request.label() + "-" + STAMP.format(started));
    if (directory != null) {
      environment.put("GREENLIGHT_BACKUP_DIRECTORY", directory.toString());
    }
    Processes.Result result;
    try {
      result = Processes.run(spec.command(), environment, () -> progress.report(0), REPORT);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run the backup command " + spec.command().get(0) + ": " + e.getMessage(),
          TOOL_MISSING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while backing up", BACKUP_FAILED);
    }
    if (result.exitCode() != 0) {
      throw ApplicationFailure.newFailure(
          "the backup command exited with "
              + result.exitCode()
              + ": "
              + Redaction.redact(result.lastError(), libpq.password()),
          BACKUP_FAILED);
    }
    JsonNode answer = lastJsonLine(result.stdout());
    JsonNode idNode = answer == null ? null : answer.get("id");
    if (idNode == null || !idNode.isTextual() || idNode.asText().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the backup command printed no JSON object with an \"id\" on its last line of output",
          BAD_COMMAND_OUTPUT);
    }
    String id = idNode.asText();
    String location = answer.hasNonNull("location") ? answer.get("location").asText() : null;
    List<BackupFile> files = List.of();
    if (location != null) {
      Path archive = Path.of(location);
      if (!Files.exists(archive)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the backup command named location " + location + ", which does not exist",
            BAD_COMMAND_OUTPUT);
      }
      files = ArchiveHasher.hashNow(archive);
    }
    Path manifestDirectory = directory == null ? null : directory.resolve(fileSafe(id));
    BackupResult backup =
        new BackupResult(
            id,
            request.label(),
            "command",
            server.database(),
            location,
            manifestDirectory == null ? null : manifestDirectory.resolve(Manifest.FILE).toString(),
            location == null
                ? "external"
                : (files.size() == 1 && Files.isRegularFile(Path.of(location))
                    ? "custom"
                    : "directory"),
            files.stream().mapToLong(BackupFile::bytes).sum(),
            files.isEmpty() ? null : ArchiveHasher.archiveChecksum(files),
            files,
            server.version(),
            spec.command().get(0),
            started,
            clock.instant(),
            null,
            null,
            null);
    if (manifestDirectory != null) {
      try {
        Files.createDirectories(
            manifestDirectory, PosixFilePermissions.asFileAttribute(Archives.DIRECTORY_MODE));
        Manifest.of(
                request.idempotencyKey(),
                backup,
                spec.command(),
                request.baseline(),
                request.database())
            .write(manifestDirectory.resolve(Manifest.FILE));
      } catch (IOException e) {
        throw ioFailure(directory, e);
      }
    }
    return backup;
  }

  /**
   * Runs pg_dump (custom format, to its standard output) through the keyset's streaming AEAD into
   * {@code archive}, hashing the ciphertext as it is written: the plaintext never touches the disk.
   */
  private BackupFile dumpEncrypted(
      List<String> command,
      Libpq libpq,
      Path archive,
      String id,
      BackupKeys.Keyset keyset,
      Progress progress,
      Path directory)
      throws IOException, InterruptedException {
    String name = archive.getFileName().toString();
    try (OutputStream file =
        Files.newOutputStream(archive, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      HashingOutputStream hashed = new HashingOutputStream(file);
      OutputStream encrypting = keyset.encrypt(hashed, id, name);
      long[] lastReport = {System.nanoTime()};
      Processes.Result result;
      try {
        result =
            Processes.run(
                command,
                libpq.environment(),
                () -> {
                  if (System.nanoTime() - lastReport[0] >= REPORT.toNanos()) {
                    progress.report(hashed.bytes());
                    lastReport[0] = System.nanoTime();
                  }
                },
                POLL,
                null,
                new BufferedOutputStream(encrypting, 1 << 20));
      } catch (IOException e) {
        throw ApplicationFailure.newNonRetryableFailure(
            "cannot run " + command.get(0) + ": " + e.getMessage(), TOOL_MISSING);
      }
      if (result.exitCode() != 0) {
        throw dumpFailure(result, directory, libpq.password());
      }
      return new BackupFile(name, hashed.bytes(), hashed.sha256());
    }
  }

  /** Counts and hashes what passes through to the file. */
  static final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest digest = ArchiveHasher.sha256();
    private long bytes;

    HashingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      out.write(buffer, offset, length);
      digest.update(buffer, offset, length);
      bytes += length;
    }

    long bytes() {
      return bytes;
    }

    String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  /** With {@code offsite} in the spec, copies the published backup there unless it already is. */
  private BackupResult copyOffsite(BackupResult backup, BackupSpec spec, Progress progress) {
    if (spec.offsite() == null || backup.offsite() != null || backup.manifest() == null) {
      return backup;
    }
    return offsite.copy(backup, spec.offsite(), progress);
  }

  private Processes.Result runWithProgress(
      List<String> command,
      Map<String, String> environment,
      ArchiveHasher hasher,
      Progress progress)
      throws IOException, InterruptedException {
    long[] lastReport = {System.nanoTime()};
    try {
      return Processes.run(
          command,
          environment,
          () -> {
            hasher.poll();
            if (System.nanoTime() - lastReport[0] >= REPORT.toNanos()) {
              progress.report(hasher.bytes());
              lastReport[0] = System.nanoTime();
            }
          },
          POLL);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run " + command.get(0) + ": " + e.getMessage(), TOOL_MISSING);
    }
  }

  /** The database server the plan names, reached through the expect guard. */
  record Server(String database, String version, int major) {}

  private Server server(DatabaseTarget target) {
    try (Connection connection = connector.connect(target);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select current_database(), current_setting('server_version'),"
                    + " current_setting('server_version_num')::int / 10000")) {
      rows.next();
      return new Server(rows.getString(1), rows.getString(2), rows.getInt(3));
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "cannot read the server version: " + e.getMessage(), BACKUP_FAILED);
    }
  }

  private String toolVersion(String tool) {
    try {
      return tools.version(tool);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run " + tool + ": " + e.getMessage(), TOOL_MISSING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", BACKUP_FAILED);
    }
  }

  private static ApplicationFailure dumpFailure(
      Processes.Result result, Path directory, String password) {
    String error = result.stderr();
    String lastError = Redaction.redact(result.lastError(), password);
    String reason = "pg_dump exited with " + result.exitCode() + ": " + lastError;
    if (error.contains("No space left on device")) {
      return ApplicationFailure.newNonRetryableFailure(
          "the disk holding " + directory + " is full: " + lastError, DISK_FULL);
    }
    if (error.contains("password authentication failed")
        || error.contains("no password supplied")) {
      return ApplicationFailure.newNonRetryableFailure(reason, AUTHENTICATION_FAILED);
    }
    if (error.contains("server version mismatch")) {
      return ApplicationFailure.newNonRetryableFailure(reason, TOOL_TOO_OLD);
    }
    if (error.contains("Permission denied")) {
      return ApplicationFailure.newNonRetryableFailure(reason, NOT_WRITABLE);
    }
    return ApplicationFailure.newFailure(reason, BACKUP_FAILED);
  }

  private static Path writableDirectory(String name) {
    Path directory = Path.of(name).toAbsolutePath();
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(
            directory, PosixFilePermissions.asFileAttribute(Archives.DIRECTORY_MODE));
      }
      Path probe = Files.createTempFile(directory, ".probe-", ".tmp");
      Files.delete(probe);
      return directory;
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the backup directory " + directory + " is not writable (" + describe(e) + ")",
          NOT_WRITABLE);
    }
  }

  private static ApplicationFailure ioFailure(Path directory, IOException e) {
    String message = describe(e);
    if (message.contains("No space left on device")) {
      return ApplicationFailure.newNonRetryableFailure(
          "the disk holding " + directory + " is full", DISK_FULL);
    }
    if (e instanceof AccessDeniedException) {
      return ApplicationFailure.newNonRetryableFailure(
          "the backup directory " + directory + " is not writable (" + message + ")", NOT_WRITABLE);
    }
    return ApplicationFailure.newFailure("backup failed: " + message, BACKUP_FAILED);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String uniqueId(Path directory, String base) {
    String id = base;
    for (int n = 2; Files.exists(directory.resolve(id)); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  private static JsonNode lastJsonLine(String output) {
    String[] lines = output.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    if (!last.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(last);
      return node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String fileSafe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static String shortHash(String text) {
    return HexFormat.of()
        .formatHex(ArchiveHasher.sha256().digest(text.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 16)
        .toLowerCase(Locale.ROOT);
  }

  private static void deleteQuietly(Path path) {
    try {
      Archives.deleteRecursively(path);
    } catch (IOException ignored) {
      // a leftover partial directory is removed by the next try with the same key
    }
  }
}
