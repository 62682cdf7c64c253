package dev.greenlight.activities.backup;

import static dev.greenlight.workflows.activities.BackupActivities.BACKUP_FAILED;
import static dev.greenlight.workflows.activities.BackupActivities.TOOL_MISSING;
import static dev.greenlight.workflows.activities.BackupActivities.VERIFICATION_FAILED;

import dev.greenlight.activities.DatabaseActivitiesImpl;
import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Identifiers;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.EvidenceFacts;
import dev.greenlight.workflows.activities.EvidenceRequest;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupFile;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proves a backup is a way back: every file's checksum, an archive {@code pg_restore} can read with
 * data for every baseline table, a plausible size, recent enough, and optionally a real restore
 * whose row counts match the baseline.
 */
public final class Verifier {

  /**
   * At least this share of the size of the user tables' data (what a dump holds; not catalogs or
   * indexes), unless the plan says otherwise. Low, because compressed dumps of repetitive data are
   * small: it catches an empty or truncated archive, not a slightly small one.
   */
  public static final double DEFAULT_MIN_SIZE_RATIO = 0.001;

  /** Archives smaller than this are empty or truncated, whatever the database's size. */
  public static final long SIZE_FLOOR = 1024;

  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
  private static final Duration TICK = Duration.ofSeconds(5);

  private final PgTools tools;
  private final DatabaseConnector connector;
  private final Clock clock;
  private final BackupKeys keys;

  /** A verifier reading keysets from the worker's environment. */
  public Verifier(PgTools tools, DatabaseConnector connector, Clock clock) {
    this(tools, connector, clock, new BackupKeys(System::getenv));
  }

  public Verifier(PgTools tools, DatabaseConnector connector, Clock clock, BackupKeys keys) {
    this.tools = tools;
    this.connector = connector;
    this.clock = clock;
    this.keys = keys;
  }

  /** What an offline check of an archive found. */
  public record ArchiveCheck(int files, List<String> entries) {

    boolean hasDataFor(String schema, String table) {
      String wanted = " TABLE DATA " + schema + " " + table + " ";
      return entries.stream().anyMatch(line -> line.contains(wanted));
    }
  }

  public VerificationResult verify(VerifyRequest request, BackupEngine.Progress progress) {
    return verify(request, progress, null);
  }

  /**
   * Verifies, and when it passes records it in the manifest; with {@code wayBackOf} (a deployment)
   * the backup is also pinned as that deployment's way back, kept by every prune until unpinned.
   */
  public VerificationResult verify(
      VerifyRequest request, BackupEngine.Progress progress, String wayBackOf) {
    try {
      return verifyOrThrow(request, progress, wayBackOf);
    } catch (ApplicationFailure failure) {
      if (VERIFICATION_FAILED.equals(failure.getType())) {
        markFailed(request.backup(), failure.getOriginalMessage());
      }
      throw failure;
    }
  }

  /**
   * Marks a backup that failed verification as failed in its catalog (best effort: a catalog that
   * cannot be written does not hide the failure itself).
   */
  public void markFailed(BackupResult backup, String reason) {
    if (backup.manifest() == null || !Files.isRegularFile(Path.of(backup.manifest()))) {
      return;
    }
    try {
      Catalog.recordCheck(
          Path.of(backup.manifest()),
          new BackupCheck(clock.instant(), false, BackupCheck.LOCAL, null, reason));
    } catch (IOException e) {
      // the failure is reported by the caller either way
    }
  }

  private VerificationResult verifyOrThrow(
      VerifyRequest request, BackupEngine.Progress progress, String wayBackOf) {
    BackupResult backup = request.backup();
    VerifyBackupSpec spec = request.spec();
    ArchiveCheck archive = checkArchive(backup, progress);
    BaselineResult baseline = request.baseline();
    if (baseline != null) {
      for (TableCount table : baseline.tables()) {
        if (!archive.hasDataFor(table.schema(), table.table())) {
          throw failed(
              "the archive has no data for baseline table " + table.schema() + "." + table.table());
        }
      }
    }
    long databaseBytes = dataSize(request.database());
    double ratio = spec.minSizeRatio() == null ? DEFAULT_MIN_SIZE_RATIO : spec.minSizeRatio();
    long minimum = Math.max(SIZE_FLOOR, (long) (ratio * databaseBytes));
    if (backup.bytes() < minimum) {
      throw failed(
          "the archive is "
              + backup.bytes()
              + " bytes, less than the "
              + minimum
              + " expected for "
              + databaseBytes
              + " bytes of table data (verify-backup.minSizeRatio "
              + ratio
              + ")");
    }
    Duration maxAge = spec.maxAge() == null ? DEFAULT_MAX_AGE : spec.maxAge();
    Instant now = clock.instant();
    if (backup.finishedAt().plus(maxAge).isBefore(now)) {
      throw failed(
          "the backup finished at "
              + backup.finishedAt()
              + ", longer ago than verify-backup.maxAge "
              + maxAge);
    }
    int compared = 0;
    long rows = 0;
    long restoreMillis = 0;
    if (spec.restoreTest()) {
      RestoredCounts restoreTest =
          restoreAndCount(
              backup,
              request.database(),
              spec.scratchUrl(),
              baseline == null ? List.of() : baseline.tables(),
              progress);
      Map<String, Long> counts = restoreTest.counts();
      restoreMillis = restoreTest.restoreMillis();
      for (TableCount table : baseline == null ? List.<TableCount>of() : baseline.tables()) {
        Long restored = counts.get(table.schema() + "." + table.table());
        rows += restored == null ? 0 : restored;
        if (!table.exact()) {
          continue;
        }
        compared++;
        if (restored == null || restored != table.rows()) {
          throw failed(
              "restore test: "
                  + table.schema()
                  + "."
                  + table.table()
                  + " has "
                  + (restored == null ? "no" : String.format(Locale.ROOT, "%,d", restored))
                  + " rows restored, the baseline "
                  + String.format(Locale.ROOT, "%,d", table.rows()));
        }
      }
    }
    try {
      Catalog.markVerified(
          backup.manifest(),
          now,
          spec.restoreTest(),
          wayBackOf == null ? null : "the way back of deployment " + wayBackOf);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot record the verification in " + backup.manifest() + ": " + e.getMessage(),
          BACKUP_FAILED);
    }
    return new VerificationResult(
        backup.id(),
        archive.files(),
        archive.entries().size(),
        databaseBytes,
        spec.restoreTest(),
        compared,
        rows,
        restoreMillis,
        now);
  }

  /**
   * Whether the evidence approvals were given on still holds: the target's database name and server
   * identifier as they are now, and why the backup no longer holds (null: it does).
   */
  public EvidenceFacts recheck(EvidenceRequest request) {
    String problem = null;
    if (request.backup() != null) {
      try {
        checkArchive(request.backup());
      } catch (ApplicationFailure failure) {
        if (!VERIFICATION_FAILED.equals(failure.getType())) {
          throw failure;
        }
        problem = failure.getOriginalMessage();
      }
    }
    try (Connection connection = connector.connect(request.database())) {
      String database;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select current_database()")) {
        rows.next();
        database = rows.getString(1);
      }
      return new EvidenceFacts(
          database, DatabaseActivitiesImpl.systemIdentifier(connection), problem, clock.instant());
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "cannot read the target's identity: " + e.getMessage(), BACKUP_FAILED);
    }
  }

  /** Offline: the checksums against the manifest, and {@code pg_restore --list}. */
  public ArchiveCheck checkArchive(BackupResult backup) {
    return checkArchive(backup, bytes -> {});
  }

  /** As {@link #checkArchive(BackupResult)}, telling {@code progress} the bytes hashed so far. */
  public ArchiveCheck checkArchive(BackupResult backup, BackupEngine.Progress progress) {
    if (backup.location() == null) {
      throw failed("backup " + backup.id() + " has no local archive to verify");
    }
    Path location = Path.of(backup.location());
    if (!Files.exists(location)) {
      throw failed("the archive " + location + " is missing");
    }
    Map<String, BackupFile> actual = new HashMap<>();
    for (BackupFile file : ArchiveHasher.hashNow(location, progress)) {
      actual.put(file.path(), file);
    }
    for (BackupFile expected : backup.files()) {
      BackupFile found = actual.get(expected.path());
      if (found == null) {
        throw failed("archive file " + expected.path() + " is missing");
      }
      if (!found.sha256().equals(expected.sha256())) {
        throw failed(
            "checksum mismatch in "
                + expected.path()
                + ": sha256 "
                + found.sha256().substring(0, 16)
                + "…, the manifest says "
                + expected.sha256().substring(0, 16)
                + "…");
      }
    }
    if (backup.files().size() != actual.size()) {
      throw failed(
          "the archive has "
              + actual.size()
              + " files, the manifest lists "
              + backup.files().size());
    }
    if (backup.encryption() != null) {
      authenticate(backup);
    }
    return new ArchiveCheck(actual.size(), listArchive(backup));
  }

  /**
   * The archive's table of contents, {@code pg_restore --list} without its comments: one entry a
   * line ({@code 215; 1259 16386 TABLE public orders owner}). An encrypted archive is decrypted as
   * it is read.
   */
  public List<String> listArchive(BackupResult backup) {
    Processes.Result listing;
    if (backup.encryption() == null) {
      listing =
          run(
              List.of(tools.program("pg_restore"), "--list", backup.location()),
              Map.of(),
              () -> {});
    } else {
      listing =
          runDecrypting(List.of(tools.program("pg_restore"), "--list"), Map.of(), () -> {}, backup);
    }
    if (listing.exitCode() != 0) {
      throw failed(
          "pg_restore cannot read the archive: " + Redaction.redact(listing.lastError(), null));
    }
    return listing
        .stdout()
        .lines()
        .filter(line -> !line.startsWith(";") && !line.isBlank())
        .toList();
  }

  /**
   * Decrypts the whole archive (every segment is authenticated) without keeping the plaintext: a
   * damaged or swapped ciphertext fails here, naming the file.
   */
  private void authenticate(BackupResult backup) {
    String file = Path.of(backup.location()).getFileName().toString();
    try (InputStream plaintext = keys.openArchive(backup)) {
      plaintext.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw failed(
          "archive file "
              + file
              + " does not decrypt with key "
              + backup.encryption().keyId()
              + ": "
              + e.getMessage());
    }
  }

  /** Runs a pg_restore that reads the decrypted archive from its standard input. */
  private Processes.Result runDecrypting(
      List<String> command, Map<String, String> environment, Runnable tick, BackupResult backup) {
    String file = Path.of(backup.location()).getFileName().toString();
    try (InputStream plaintext = keys.openArchive(backup)) {
      return Processes.run(command, environment, tick, TICK, plaintext, null);
    } catch (Processes.StreamFailure e) {
      throw failed("archive file " + file + " does not decrypt: " + e.getMessage());
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run " + command.get(0) + ": " + e.getMessage(), TOOL_MISSING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while verifying", BACKUP_FAILED);
    }
  }

  /** How long pg_restore took, and the rows counted per {@code schema.table}. */
  public record RestoredCounts(long restoreMillis, Map<String, Long> counts) {}

  /**
   * Restores {@code backup} into a throwaway database (on {@code scratchUrl}'s server, or on {@code
   * source}'s when null; with {@code source}'s user and password variable), counts {@code tables}
   * there, drops it. Fails with {@code VERIFICATION_FAILED} when pg_restore fails or a table cannot
   * be counted.
   */
  public RestoredCounts restoreAndCount(
      BackupResult backup,
      DatabaseTarget source,
      String scratchUrl,
      List<TableCount> tables,
      BackupEngine.Progress progress) {
    DatabaseTarget plan = source;
    String password = connector.password(plan);
    Libpq server =
        scratchUrl == null
            ? Libpq.of(plan, password)
            : Libpq.parse(scratchUrl, plan.user(), password);
    String scratch = "gl_scratch_" + BackupEngine.shortHash(backup.id());
    Libpq target = server.withDatabase(scratch);
    DatabaseTarget admin =
        new DatabaseTarget(server.jdbcUrl(), plan.user(), plan.passwordEnv(), server.database());
    execute(admin, "drop database if exists " + Identifiers.quote(scratch) + " with (force)");
    execute(admin, "create database " + Identifiers.quote(scratch));
    try {
      List<String> command = new ArrayList<>();
      command.add(tools.program("pg_restore"));
      command.addAll(target.serverArguments());
      command.add("--dbname=" + scratch);
      boolean encrypted = backup.encryption() != null;
      if (!encrypted) {
        command.add("--jobs=" + BackupEngine.defaultJobs());
      }
      command.add("--no-owner");
      command.add("--no-privileges");
      command.add("--exit-on-error");
      long start = System.nanoTime();
      Processes.Result restore;
      if (encrypted) {
        restore = runDecrypting(command, target.environment(), () -> progress.report(0), backup);
      } else {
        command.add(backup.location());
        restore = run(command, target.environment(), () -> progress.report(0));
      }
      long restoreMillis = (System.nanoTime() - start) / 1_000_000;
      if (restore.exitCode() != 0) {
        throw failed(
            "restore test: pg_restore failed: "
                + Redaction.redact(restore.lastError(), target.password()));
      }
      Map<String, Long> counts = new HashMap<>();
      DatabaseTarget restored =
          new DatabaseTarget(target.jdbcUrl(), plan.user(), plan.passwordEnv(), scratch);
      try (Connection connection = connector.connect(restored);
          Statement statement = connection.createStatement()) {
        for (TableCount table : tables) {
          try (ResultSet rows =
              statement.executeQuery(
                  "select count(*) from " + Identifiers.qualified(table.schema(), table.table()))) {
            rows.next();
            counts.put(table.schema() + "." + table.table(), rows.getLong(1));
          } catch (SQLException e) {
            throw failed(
                "restore test: cannot count "
                    + table.schema()
                    + "."
                    + table.table()
                    + ": "
                    + e.getMessage());
          }
          progress.report(counts.size());
        }
      } catch (SQLException e) {
        throw ApplicationFailure.newFailure("restore test: " + e.getMessage(), BACKUP_FAILED);
      }
      return new RestoredCounts(restoreMillis, counts);
    } finally {
      execute(admin, "drop database if exists " + Identifiers.quote(scratch) + " with (force)");
    }
  }

  /** Bytes of user table data (heap and TOAST) in the database, the basis of the size check. */
  private long dataSize(DatabaseTarget target) {
    try (Connection connection = connector.connect(target);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select coalesce(sum(pg_table_size(c.oid)), 0) from pg_class c"
                    + " join pg_namespace n on n.oid = c.relnamespace"
                    + " where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema')"
                    + " and n.nspname not like 'pg\\_toast%'")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "cannot read the database size: " + e.getMessage(), BACKUP_FAILED);
    }
  }

  private void execute(DatabaseTarget target, String sql) {
    try (Connection connection = connector.connect(target);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("restore test: " + e.getMessage(), BACKUP_FAILED);
    }
  }

  private static Processes.Result run(
      List<String> command, Map<String, String> environment, Runnable tick) {
    try {
      return Processes.run(command, environment, tick, TICK);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run " + command.get(0) + ": " + e.getMessage(), TOOL_MISSING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while verifying", BACKUP_FAILED);
    }
  }

  private static ApplicationFailure failed(String reason) {
    return ApplicationFailure.newNonRetryableFailure(reason, VERIFICATION_FAILED);
  }
}
