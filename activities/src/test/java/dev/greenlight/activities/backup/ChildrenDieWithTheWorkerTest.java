package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.status.BackupResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed worker's {@code pg_dump} and its parallel workers stop with it, a stopped (cancelled)
 * dump takes its workers with it, and whatever an earlier attempt left running is stopped by the
 * next attempt before it starts.
 *
 * <p>To keep a dump running for as long as the test needs, the test holds an exclusive lock on the
 * database's {@code pg_largeobject}: the parallel worker that dumps the large objects waits for it
 * indefinitely, like a worker busy with a large table.
 */
@Timeout(30)
class ChildrenDieWithTheWorkerTest {

  private static final Duration FEW_SECONDS = Duration.ofSeconds(5);

  @RegisterExtension final TestDatabase other = new TestDatabase();
  @TempDir Path directory;

  private String blocked;
  private Connection locker;

  @BeforeEach
  void aDumpThatCannotFinish() throws Exception {
    blocked = TestDatabase.create("gl_orphans");
    try (Connection connection = connect(blocked);
        Statement statement = connection.createStatement()) {
      statement.execute("create table t (id int primary key)");
      statement.execute("insert into t values (1)");
      statement.execute("select lo_from_bytea(0, 'large object')");
    }
    locker = connect(blocked);
    locker.setAutoCommit(false);
    try (Statement statement = locker.createStatement()) {
      statement.execute("lock table pg_largeobject in access exclusive mode");
    }
  }

  @AfterEach
  void release() throws Exception {
    locker.rollback();
    locker.close();
    dumpsOf(blocked).forEach(ProcessHandle::destroyForcibly);
    TestDatabase.drop(blocked);
  }

  @Test
  void aKilledWorkersPgDumpAndItsParallelWorkersStopWithinSeconds() throws Exception {
    Process worker =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DumpingWorker.class.getName(),
                blocked,
                directory.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("worker.log").toFile())
            .start();
    try {
      awaitTrue(
          () -> dumpsOf(blocked).size() == 3 && backendsWaitingForALock(blocked) == 1,
          Duration.ofSeconds(20),
          "the leader and two workers running, one waiting");
    } finally {
      worker.destroyForcibly().waitFor();
    }
    long killed = System.nanoTime();

    awaitTrue(() -> dumpsOf(blocked).isEmpty(), FEW_SECONDS, "no pg_dump left");
    long processesGone = System.nanoTime();
    awaitTrue(() -> sessionsBesidesTheLock(blocked) == 0, FEW_SECONDS, "no session left");
    System.out.printf(
        "pg_dump processes gone %d ms and their sessions %d ms after the worker's SIGKILL%n",
        (processesGone - killed) / 1_000_000, (System.nanoTime() - killed) / 1_000_000);
  }

  @Test
  void theNextAttemptStopsWhatAnEarlierOneLeftBeforeItStarts() throws Exception {
    Fixtures.menuca(other);
    String key = "wf/run/backup/0";
    Path partial = directory.resolve(".partial-" + BackupEngine.shortHash(key));
    Files.createDirectories(partial);
    Process earlier =
        new ProcessBuilder(
                "pg_dump",
                "--host",
                TestDatabase.SERVER.split(":")[0],
                "--port",
                TestDatabase.SERVER.split(":")[1],
                "--username",
                TestDatabase.USER,
                "--format=directory",
                "--jobs=2",
                "--file=" + partial.resolve(BackupEngine.ARCHIVE),
                "--dbname=" + blocked)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitTrue(
        () -> dumpsOf(blocked).size() == 3 && backendsWaitingForALock(blocked) == 1,
        Duration.ofSeconds(20),
        "the earlier attempt's leader and two workers running, one waiting");
    earlier.destroyForcibly().waitFor();
    awaitTrue(() -> dumpsOf(blocked).size() == 1, FEW_SECONDS, "the busy worker orphaned");

    BackupResult backup =
        Backups.engine().backup(Backups.request(other, Backups.pgDump(directory), key), b -> {});

    assertThat(dumpsOf(blocked)).isEmpty();
    assertThat(backup.database()).isEqualTo(other.name());
    assertThat(Catalog.list(directory)).hasSize(1);
  }

  @Test
  void aStoppedDumpTakesItsParallelWorkersWithIt() throws Exception {
    Libpq libpq = Libpq.parse(TestDatabase.url(blocked), TestDatabase.USER, null);
    List<String> command =
        new java.util.ArrayList<>(List.of("pg_dump", "--format=directory", "--jobs=2"));
    command.addAll(libpq.serverArguments());
    command.add("--file=" + directory.resolve("archive"));
    command.add(libpq.databaseArgument());
    RuntimeException cancelled = new IllegalStateException("cancelled");

    assertThatThrownBy(
            () ->
                Processes.run(
                    command,
                    libpq.environment(),
                    () -> {
                      if (dumpsOf(blocked).size() == 3 && backendsWaitingForALock(blocked) == 1) {
                        throw cancelled;
                      }
                    },
                    Duration.ofMillis(100)))
        .isSameAs(cancelled);

    assertThat(dumpsOf(blocked)).isEmpty();
  }

  /** Live pg_dump processes (leader or forked worker) whose arguments name {@code database}. */
  private static List<ProcessHandle> dumpsOf(String database) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/pg_dump")).orElse(false))
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(a -> Arrays.asList(a).contains("--dbname=" + database))
                    .orElse(false))
        .toList();
  }

  private static int backendsWaitingForALock(String database) {
    return count(
        "select count(*) from pg_stat_activity where datname = ? and wait_event_type = 'Lock'",
        database);
  }

  private static int sessionsBesidesTheLock(String database) {
    return count(
        "select count(*) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()"
            + " and application_name <> 'locker'",
        database);
  }

  private static int count(String sql, String database) {
    try (Connection connection =
            DriverManager.getConnection(TestDatabase.url("postgres"), TestDatabase.USER, null);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect(String database) throws Exception {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("user", TestDatabase.USER);
    properties.setProperty("ApplicationName", "locker");
    return DriverManager.getConnection(TestDatabase.url(database), properties);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
