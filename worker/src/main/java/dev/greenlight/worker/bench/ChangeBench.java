package dev.greenlight.worker.bench;

import dev.greenlight.activities.ChangeActivitiesImpl;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.Catalog;
import dev.greenlight.activities.backup.Libpq;
import dev.greenlight.activities.backup.Restorer;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The change and the way back (issue 10), each beside the raw tool in one run, interleaved:
 *
 * <ul>
 *   <li><b>apply</b>: Greenlight's apply step, a deployment of one {@code apply} step run by {@link
 *       DeploymentWorkflowImpl} on an embedded test server with the worker's {@link
 *       ChangeActivitiesImpl}, beside Flyway's Java API {@code migrate} on the same files and
 *       beside {@code psql -f}; each run on a fresh copy of the bench database;
 *   <li><b>rollback restore</b>: {@link Restorer} (what the rollback and {@code restore} run)
 *       beside raw {@code pg_restore} with the same flags, from the same archive into the same
 *       target.
 * </ul>
 */
public final class ChangeBench extends InterleavedBench {

  /**
   * @param mib the bench database's size in MiB
   * @param database its name ({@code greenlight_bench_<MiB>} from the CLI)
   * @param server a JDBC URL without a database
   * @param runs timed runs of each side
   * @param drop drop the bench database afterwards
   */
  public record Settings(
      int mib, String database, String server, String user, int runs, boolean drop)
      implements InterleavedBench.Settings {}

  /**
   * What the bench found: the rows, and what each side left in its database after its last run
   * ({@code indexes +2, policies +2, …}), so that a reader (and the test) sees that each side did
   * the work it was timed for.
   */
  public record Result(List<Comparison> rows, Map<String, String> evidence) {}

  /** The change: indexes, row-level security and a data fix, as the demo's tickets are. */
  static final Map<String, String> CHANGE = new LinkedHashMap<>();

  static {
    CHANGE.put(
        "V1__add_indexes.sql",
        """
        -- Indexes for the lookups by time. CONCURRENTLY, so production keeps writing while they
        -- build (Flyway runs this file outside a transaction).
        create index concurrently if not exists bench_1_created on bench_1 (created);
        create index concurrently if not exists bench_2_created on bench_2 (created);
        """);
    CHANGE.put(
        "V2__rls_policies.sql",
        """
        -- Row-level security: one customer's rows per session (app.customer).
        alter table bench_3 enable row level security;
        create policy bench_3_by_customer on bench_3
          using (payload like '% customer ' || current_setting('app.customer', true) || ' %');
        alter table bench_4 enable row level security;
        create policy bench_4_by_customer on bench_4
          using (payload like '% customer ' || current_setting('app.customer', true) || ' %');
        """);
    CHANGE.put(
        "V3__fix_statuses.sql",
        """
        -- The data fix: every hundredth order was paid but recorded as placed.
        update bench_4 set payload = replace(payload, ' status placed ', ' status paid ')
        where id % 100 = 0 and payload like '% status placed %';
        """);
  }

  private static final String QUEUE = "bench-change";

  private final Settings settings;

  private ChangeBench(Settings settings, PrintWriter out) {
    super(settings, "greenlight-bench-change-", out);
    this.settings = settings;
  }

  /** Runs the bench, printing progress and the table to {@code out}. */
  public static Result run(Settings settings, PrintWriter out) throws Exception {
    return new ChangeBench(settings, out).run();
  }

  private Result run() throws Exception {
    return new Result(rows(), Map.copyOf(evidence));
  }

  @Override
  void measure(Path work, long bytes, List<Comparison> rows) throws Exception {
    rows.addAll(apply(work, bytes));
    rows.add(restore(work, bytes));
  }

  private List<Comparison> apply(Path work, long bytes) throws Exception {
    Path files = Files.createDirectories(work.resolve("migrations"));
    List<ChangeFile> changeFiles = new ArrayList<>();
    for (Map.Entry<String, String> file : CHANGE.entrySet()) {
      Files.writeString(files.resolve(file.getKey()), file.getValue());
      byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
      changeFiles.add(
          new ChangeFile(
              file.getKey(),
              file.getKey().substring(1, file.getKey().indexOf("__")),
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
              content.length,
              file.getValue()));
    }
    String copy = bench.name() + "_apply";
    Samples greenlight = new Samples();
    Samples flyway = new Samples();
    Samples psql = new Samples();
    Samples greenlightFiles = new Samples();
    Samples flywayFiles = new Samples();
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      TemporalConfig config =
          new TemporalConfig("127.0.0.1:" + server.port(), TemporalConfig.DEFAULT_NAMESPACE);
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      try {
        WorkflowClient client = TemporalClients.client(service, config);
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class);
        worker.registerActivitiesImplementations(
            new BenchNotifications(new ActivityClock()),
            new ChangeActivitiesImpl(connector, Clock.systemUTC()));
        factory.start();
        try {
          List<Side> sides =
              List.of(
                  new Side(
                      "Greenlight", greenlight, db -> greenlightApply(client, db, changeFiles)),
                  new Side("Flyway", flyway, db -> flywayMigrate(db, files)),
                  new Side("psql", psql, db -> psql(db, files)));
          // One untimed run of each first: class loading, the server's first workflow.
          for (int run = -1; run < settings.runs(); run++) {
            for (int turn = 0; turn < sides.size(); turn++) {
              Side side = sides.get(Math.floorMod(run + turn, sides.size()));
              bench.copyTo(copy, bytes);
              long start = System.nanoTime();
              Object outcome = side.action().apply(copy);
              double seconds = BenchDatabase.seconds(start);
              String found = changed(copy);
              evidence.put("apply: " + side.name(), found);
              if (run >= 0) {
                side.samples().add(seconds);
                if (outcome instanceof DeploymentStatus status) {
                  greenlightFiles.add(inFiles(status));
                } else if (outcome instanceof MigrateResult result) {
                  flywayFiles.add(
                      result.migrations.stream().mapToLong(m -> m.executionTime).sum() / 1000.0);
                }
              }
            }
          }
        } finally {
          factory.shutdownNow();
          factory.awaitTermination(10, TimeUnit.SECONDS);
        }
      } finally {
        service.shutdownNow();
        bench.drop(copy);
      }
    }
    out.printf(
        Locale.ROOT,
        "apply (%d files): Greenlight %s (the files themselves %s), Flyway %s (the files themselves"
            + " %s), psql -f %s%n",
        CHANGE.size(),
        greenlight.describe("%.2f", "s"),
        greenlightFiles.describe("%.2f", "s"),
        flyway.describe("%.2f", "s"),
        flywayFiles.describe("%.2f", "s"),
        psql.describe("%.2f", "s"));
    out.flush();
    return List.of(
        new Comparison(
            "apply " + CHANGE.size() + " files (indexes, RLS policies, a data fix)",
            greenlight,
            "Flyway migrate",
            flyway,
            1.1),
        new Comparison("apply, the same files", greenlight, "psql -f", psql, 1.1));
  }

  /** The seconds Flyway spent running the files in Greenlight's apply step, as it reports them. */
  private static double inFiles(DeploymentStatus status) {
    return status.steps().stream()
            .map(StepStatus::result)
            .filter(ApplyResult.class::isInstance)
            .map(ApplyResult.class::cast)
            .flatMap(r -> r.files().stream())
            .mapToLong(AppliedFile::millis)
            .sum()
        / 1000.0;
  }

  /** One side of a comparison: what it runs against a database. */
  private record Side(String name, Samples samples, Action action) {}

  @FunctionalInterface
  private interface Action {
    Object apply(String database) throws Exception;
  }

  /** A deployment of one apply step, start to result. */
  private Object greenlightApply(WorkflowClient client, String database, List<ChangeFile> files) {
    ApplySpec spec =
        new ApplySpec(
            "migrations",
            files,
            ApplySpec.DEFAULT_LOCK_TIMEOUT,
            ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
            ApplySpec.MIGRATIONS_HISTORY_TABLE,
            null);
    Plan plan =
        new Plan(
            "bench", "bench", bench.target(database), Map.of(), List.of(new Step("apply", spec)));
    DeploymentWorkflow workflow =
        client.newWorkflowStub(
            DeploymentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId("bench-apply-" + Instant.now().toEpochMilli() + "-" + database)
                .build());
    DeploymentStatus status = workflow.run(new StartDeployment(plan, "bench", "bench.yaml"));
    if (status.state() != DeploymentState.SUCCEEDED) {
      throw new IllegalStateException("the apply step did not succeed: " + status.reason());
    }
    return status;
  }

  /**
   * Flyway's Java API with its defaults on the same files, except the transactional lock: with it,
   * Flyway holds a transaction open on a second connection, which {@code CREATE INDEX CONCURRENTLY}
   * waits for forever (flyway issue 3854). Greenlight turns it off for the same reason.
   */
  private Object flywayMigrate(String database, Path files) {
    FluentConfiguration configuration =
        Flyway.configure(ChangeBench.class.getClassLoader())
            .dataSource(bench.url(database), bench.user(), null)
            .locations("filesystem:" + files)
            .baselineOnMigrate(true)
            .baselineVersion("0");
    configuration
        .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    return configuration.load().migrate();
  }

  /** {@code psql -f} on each file, in order, stopping at the first error. */
  private Object psql(String database, Path files) throws Exception {
    List<String> command = new ArrayList<>(List.of("psql", "-X", "-q"));
    command.addAll(Libpq.parse(bench.url("postgres"), bench.user(), null).serverArguments());
    command.addAll(List.of("-v", "ON_ERROR_STOP=1", "--dbname=" + database));
    for (String file : CHANGE.keySet()) {
      command.add("--file=" + files.resolve(file));
    }
    return BenchDatabase.time(command);
  }

  /** What the change left in {@code database}: indexes, policies, fixed rows, history. */
  private String changed(String database) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(bench.url(database), bench.user(), null);
        Statement statement = connection.createStatement()) {
      long indexes =
          single(
              statement,
              "select count(*) from pg_indexes where schemaname = 'public'"
                  + " and indexname in ('bench_1_created', 'bench_2_created')");
      long policies =
          single(statement, "select count(*) from pg_policies where schemaname = 'public'");
      long fixed =
          single(
              statement,
              "select count(*) from bench_4 where id % 100 = 0 and payload like '% status paid %'");
      long history =
          single(
                      statement,
                      "select count(*) from pg_tables where tablename = 'flyway_schema_history'")
                  == 0
              ? 0
              : single(
                  statement,
                  "select count(*) from flyway_schema_history where success and version <> '0'");
      return String.format(
          Locale.ROOT,
          "indexes +%d, policies +%d, rows fixed %d, history %d",
          indexes,
          policies,
          fixed,
          history);
    }
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * The rollback's restore: a backup of the bench database with the default flags, then {@link
   * Restorer} and raw {@code pg_restore} with its flags, alternately, into one target (after one
   * untimed restore, every run starts from the same state: the backup's).
   */
  private Comparison restore(Path work, long bytes) throws Exception {
    BaselineResult baseline = bench.baseline(bench.name(), bytes);
    BackupEngine engine = new BackupEngine(tools, connector, Clock.systemUTC());
    Path catalog = work.resolve("catalog");
    BackupResult backup =
        engine.backup(
            new BackupRequest(
                "bench-restore/" + Instant.now(),
                "bench",
                bench.target(bench.name()),
                new BackupSpec("pg_dump", catalog.toString(), null, null, null, List.of(), null),
                baseline),
            b -> {});
    Restorer restorer = new Restorer(tools, connector);
    String target = bench.name() + "_rollback";
    DatabaseTarget into = bench.target(target);
    Libpq libpq = Libpq.of(into, null);
    List<String> raw = new ArrayList<>(List.of("pg_restore"));
    raw.addAll(libpq.serverArguments());
    raw.add(libpq.databaseArgument());
    raw.addAll(
        List.of(
            "--jobs=" + BackupEngine.defaultJobs(),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            backup.location()));
    Samples greenlight = new Samples();
    Samples pgRestore = new Samples();
    Map<String, Long> expected = bench.counts(bench.name());
    try {
      bench.create(target);
      BenchDatabase.time(raw);
      for (int run = 0; run < settings.runs(); run++) {
        for (int turn = 0; turn < 2; turn++) {
          boolean isGreenlight = (run + turn) % 2 == 0;
          long start = System.nanoTime();
          if (isGreenlight) {
            BackupResult found =
                Catalog.find(catalog, backup.id()).orElseThrow().manifest().backup();
            restorer.restore(found, into, b -> {});
            greenlight.add(BenchDatabase.seconds(start));
          } else {
            pgRestore.add(BenchDatabase.time(raw));
          }
          Map<String, Long> counts = bench.counts(target);
          if (!counts.equals(expected)) {
            throw new IllegalStateException(
                "the restored " + target + " holds " + counts + ", the backup " + expected);
          }
          evidence.put(
              "restore: " + (isGreenlight ? "Greenlight" : "pg_restore"),
              counts.values().stream().mapToLong(Long::longValue).sum() + " rows, as backed up");
        }
      }
    } finally {
      bench.drop(target);
    }
    out.printf(
        Locale.ROOT,
        "rollback restore of %s (%s, %s): Greenlight %s, pg_restore %s%n",
        backup.id(),
        backup.format(),
        String.join(" ", raw.subList(raw.size() - 7, raw.size() - 1)),
        greenlight.describe("%.2f", "s"),
        pgRestore.describe("%.2f", "s"));
    out.flush();
    return new Comparison(
        "rollback restore (" + backup.format() + " archive)",
        greenlight,
        "pg_restore, same flags",
        pgRestore,
        1.1);
  }
}
