package dev.greenlight.activities;

import static dev.greenlight.workflows.activities.DatabaseActivities.NO_SUCH_OBJECT;
import static dev.greenlight.workflows.activities.DatabaseActivities.OUTSIDE_WINDOW;
import static dev.greenlight.workflows.activities.DatabaseActivities.READ_ONLY_SERVER;
import static dev.greenlight.workflows.activities.DatabaseActivities.TOO_MANY_CONNECTIONS;
import static dev.greenlight.workflows.activities.DatabaseActivities.UNREACHABLE;

import dev.greenlight.workflows.activities.BaselineRequest;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.PreflightRequest;
import dev.greenlight.workflows.activities.WriteCounters;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.RowCounters;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Preflight and baseline against the real database, read-only. */
public class DatabaseActivitiesImpl implements DatabaseActivities {

  private static final Logger log = LoggerFactory.getLogger(DatabaseActivitiesImpl.class);

  private final DatabaseConnector connector;
  private final Clock clock;

  public DatabaseActivitiesImpl(DatabaseConnector connector, Clock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  @Override
  public PreflightResult preflight(PreflightRequest request) {
    PreflightSpec spec = request.spec();
    Instant now = clock.instant();
    boolean windowChecked = checkWindow(spec, now);
    try (Connection connection = connector.connect(request.database())) {
      if (queryBoolean(connection, "select pg_is_in_recovery()")) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the database server is a read-only standby", READ_ONLY_SERVER);
      }
      int active =
          (int)
              queryLong(
                  connection,
                  "select count(*) from pg_stat_activity where datname = current_database()"
                      + " and pid <> pg_backend_pid() and backend_type = 'client backend'");
      Integer max = spec.maxActiveConnections();
      if (max != null && active > max) {
        throw ApplicationFailure.newFailure(
            active
                + " other sessions are connected to the database; the plan allows at most "
                + max
                + " (preflight.maxActiveConnections)",
            TOO_MANY_CONNECTIONS);
      }
      PreflightResult result =
          new PreflightResult(
              queryString(connection, "select current_database()"),
              queryString(connection, "select current_user"),
              queryString(connection, "show server_version"),
              active,
              max,
              windowChecked,
              now,
              systemIdentifier(connection));
      log.info("preflight passed: {}", result);
      return result;
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("preflight query failed: " + e.getMessage(), UNREACHABLE);
    }
  }

  /**
   * The server's system identifier ({@code pg_control_system()}), which tells one cluster from
   * another even when they share host names and database names; null where the role may not read
   * it.
   */
  public static String systemIdentifier(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("select system_identifier::text from pg_control_system()")) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      log.info("the server's system identifier is not readable here: {}", e.getMessage());
      return null;
    }
  }

  private static boolean checkWindow(PreflightSpec spec, Instant now) {
    if (spec.windowStart() == null && spec.windowEnd() == null) {
      return false;
    }
    boolean early = spec.windowStart() != null && now.isBefore(spec.windowStart());
    boolean late = spec.windowEnd() != null && !now.isBefore(spec.windowEnd());
    if (early || late) {
      throw ApplicationFailure.newNonRetryableFailure(
          "now ("
              + now
              + ") is outside the maintenance window "
              + (spec.windowStart() == null ? "…" : spec.windowStart())
              + " – "
              + (spec.windowEnd() == null ? "…" : spec.windowEnd()),
          OUTSIDE_WINDOW);
    }
    return true;
  }

  @Override
  public BaselineResult baseline(BaselineRequest request) {
    BaselineSpec spec = request.spec();
    try (Connection connection = connector.connect(request.database())) {
      // One snapshot for every figure, and nothing written.
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      BaselineResult result = measure(connection, spec);
      connection.rollback();
      List<TableCount> counts = result.tables();
      log.info(
          "baseline of {}: {} tables, {} rows, {} bytes, {} indexes, {} policies",
          result.database(),
          counts.size(),
          result.totalRows(),
          result.sizeBytes(),
          result.indexCount(),
          result.policyCount());
      return result;
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("baseline query failed: " + e.getMessage(), UNREACHABLE);
    }
  }

  /**
   * The baseline's figures read on {@code connection}, in its transaction: the tables {@code spec}
   * selects, their rows, the database's size, and the indexes and policies on those tables.
   */
  BaselineResult measure(Connection connection, BaselineSpec spec) throws SQLException {
    Map<Long, Table> tables = resolveTables(connection, spec);
    List<TableCount> counts = new ArrayList<>();
    for (Table table : tables.values()) {
      counts.add(count(connection, table, spec.exact()));
      Activity.getExecutionContext().heartbeat(counts.size());
    }
    Long[] oids = tables.keySet().toArray(Long[]::new);
    List<RowCounters> counters = counters(connection, oids);
    return new BaselineResult(
        queryString(connection, "select current_database()"),
        queryLong(connection, "select pg_database_size(current_database())"),
        (int)
            countByOids(connection, "select count(*) from pg_index where indrelid = any(?)", oids),
        (int)
            countByOids(connection, "select count(*) from pg_policy where polrelid = any(?)", oids),
        counts,
        clock.instant(),
        counters);
  }

  @Override
  public WriteCounters writeCounters(BaselineRequest request) {
    try (Connection connection = connector.connect(request.database())) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      Map<Long, Table> tables = resolveTables(connection, request.spec());
      List<RowCounters> counters = counters(connection, tables.keySet().toArray(Long[]::new));
      connection.rollback();
      return new WriteCounters(counters, clock.instant());
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "write counters query failed: " + e.getMessage(), UNREACHABLE);
    }
  }

  /**
   * The cumulative write counters of the tables {@code oids} ({@code pg_stat_user_tables}), in the
   * tables' order. A table the statistics do not know yet counts zero.
   */
  private static List<RowCounters> counters(Connection connection, Long[] oids)
      throws SQLException {
    List<RowCounters> counters = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select n.nspname, c.relname, coalesce(s.n_tup_ins, 0), coalesce(s.n_tup_upd, 0),"
                + " coalesce(s.n_tup_del, 0)"
                + " from unnest(?::oid[]) with ordinality as t(oid, position)"
                + " join pg_class c on c.oid = t.oid"
                + " join pg_namespace n on n.oid = c.relnamespace"
                + " left join pg_stat_user_tables s on s.relid = t.oid"
                + " order by t.position")) {
      statement.setArray(1, connection.createArrayOf("oid", oids));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counters.add(
              new RowCounters(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5)));
        }
      }
    }
    return counters;
  }

  private record Table(long oid, String schema, String name, double estimate) {}

  /** The tables of the listed schemas and the listed tables, by oid (each once), in order. */
  private static Map<Long, Table> resolveTables(Connection connection, BaselineSpec spec)
      throws SQLException {
    Map<Long, Table> tables = new LinkedHashMap<>();
    for (String schema : spec.schemas()) {
      try (PreparedStatement exists =
          connection.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
        exists.setString(1, schema);
        try (ResultSet rows = exists.executeQuery()) {
          if (!rows.next()) {
            throw ApplicationFailure.newNonRetryableFailure(
                "schema " + schema + " does not exist (baseline.schemas)", NO_SUCH_OBJECT);
          }
        }
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select c.oid, n.nspname, c.relname, c.reltuples from pg_class c"
                  + " join pg_namespace n on n.oid = c.relnamespace"
                  + " where n.nspname = ? and c.relkind in ('r', 'p') and not c.relispartition"
                  + " order by c.relname")) {
        statement.setString(1, schema);
        readTables(statement, tables);
      }
    }
    for (String reference : spec.tables()) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select c.oid, n.nspname, c.relname, c.reltuples from pg_class c"
                  + " join pg_namespace n on n.oid = c.relnamespace"
                  + " where c.oid = to_regclass(?) and c.relkind in ('r', 'p')")) {
        statement.setString(1, Identifiers.tableReference(reference));
        if (readTables(statement, tables) == 0) {
          throw ApplicationFailure.newNonRetryableFailure(
              "table " + reference + " does not exist (baseline.tables)", NO_SUCH_OBJECT);
        }
      }
    }
    return tables;
  }

  private static int readTables(PreparedStatement statement, Map<Long, Table> into)
      throws SQLException {
    int found = 0;
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        found++;
        long oid = rows.getLong(1);
        into.putIfAbsent(
            oid, new Table(oid, rows.getString(2), rows.getString(3), rows.getDouble(4)));
      }
    }
    return found;
  }

  /** Exact when asked, or when the table was never analysed and so has no estimate. */
  private static TableCount count(Connection connection, Table table, boolean exact)
      throws SQLException {
    if (!exact && table.estimate() >= 0) {
      return new TableCount(table.schema(), table.name(), Math.round(table.estimate()), false);
    }
    long rows =
        queryLong(
            connection,
            "select count(*) from " + Identifiers.qualified(table.schema(), table.name()));
    return new TableCount(table.schema(), table.name(), rows, true);
  }

  private static long countByOids(Connection connection, String sql, Long[] oids)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Array array = connection.createArrayOf("oid", oids);
      statement.setArray(1, array);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    return queryOne(connection, sql, rows -> rows.getString(1));
  }

  private static long queryLong(Connection connection, String sql) throws SQLException {
    return queryOne(connection, sql, rows -> rows.getLong(1));
  }

  private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
    return queryOne(connection, sql, rows -> rows.getBoolean(1));
  }

  private interface Column<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** The first row's value of a query that returns one row. */
  private static <T> T queryOne(Connection connection, String sql, Column<T> column)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return column.read(rows);
    }
  }
}
