package dev.greenlight.activities.backup;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.activities.Identifiers;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.status.BackupEncryption;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.RestoreCleanup;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Puts a catalogued backup back into a database with {@code pg_restore --clean --if-exists}:
 * objects the backup contains are replaced, others are left alone. The emergency backup of the
 * target that comes first is a step of its own (a backup activity, encrypted with the source's
 * keyset when the source is encrypted), so it is kept and recorded whatever the restore does.
 */
public final class Restorer {

  private final PgTools tools;
  private final DatabaseConnector connector;
  private final BackupKeys keys;

  /** A restorer reading keysets from the environment. */
  public Restorer(PgTools tools, DatabaseConnector connector) {
    this(tools, connector, new BackupKeys(System::getenv));
  }

  public Restorer(PgTools tools, DatabaseConnector connector, BackupKeys keys) {
    this.tools = tools;
    this.connector = connector;
    this.keys = keys;
  }

  /**
   * Restores {@code backup} into {@code target}; returns how long it took in milliseconds.
   *
   * <p>An encrypted backup is decrypted as pg_restore reads it (one job: a stream cannot be read in
   * parallel). A keyset that lacks the backup's key fails before anything is touched.
   *
   * @param progress told while pg_restore runs (a heartbeat); may throw to stop it
   * @throws RestoreException with a one-line reason when decryption or pg_restore fails
   */
  public long restore(BackupResult backup, DatabaseTarget target, BackupEngine.Progress progress)
      throws IOException, InterruptedException {
    BackupEncryption encryption = backup.encryption();
    if (encryption != null) {
      keys.openArchive(backup).close();
    }
    Libpq libpq = Libpq.of(target, connector.password(target));
    List<String> command = new ArrayList<>();
    command.add(tools.program("pg_restore"));
    command.addAll(libpq.serverArguments());
    command.add(libpq.databaseArgument());
    if (encryption == null) {
      command.add("--jobs=" + BackupEngine.defaultJobs());
    }
    command.add("--clean");
    command.add("--if-exists");
    command.add("--no-owner");
    command.add("--no-privileges");
    command.add("--exit-on-error");
    long start = System.nanoTime();
    Processes.Result result;
    if (encryption == null) {
      command.add(backup.location());
      result =
          Processes.run(
              command, libpq.environment(), () -> progress.report(0), Duration.ofSeconds(5));
    } else {
      try (InputStream plaintext = keys.openArchive(backup)) {
        result =
            Processes.run(
                command,
                libpq.environment(),
                () -> progress.report(0),
                Duration.ofSeconds(5),
                plaintext,
                null);
      } catch (Processes.StreamFailure e) {
        throw new RestoreException(
            "cannot decrypt "
                + backup.location()
                + " with key "
                + encryption.keyId()
                + ": "
                + e.getMessage());
      }
    }
    if (result.exitCode() != 0) {
      throw new RestoreException(
          "pg_restore failed: " + Redaction.redact(result.lastError(), libpq.password()));
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Before a restore, against the archive's table of contents {@code archiveEntries} ({@code
   * pg_restore --list}): drops those of {@code historyTables} (schema history tables of the plan's
   * {@code apply} steps, in the target's default schema) that the archive does not contain. The
   * change created them, and {@code --clean} leaves what the archive lacks, so they would still
   * list the rolled-back files as applied. Those it contains are restored with their rows from
   * before the change, and kept. Reports the other tables, views, sequences and schemas the archive
   * does not contain, which stay.
   *
   * @throws BlockedException before anything is dropped, when such an object sits in a schema the
   *     archive holds: {@code --clean} would drop every table of the archive, then fail to drop
   *     that schema, leaving the database without them
   * @throws SQLException when the target cannot be read or a drop fails
   */
  public RestoreCleanup prepare(
      List<String> archiveEntries, DatabaseTarget target, List<String> historyTables)
      throws SQLException {
    List<String> dropped = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String[]> outside = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    try (Connection connection = connector.connect(target)) {
      String schema;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select current_schema()")) {
        schema = rows.next() ? rows.getString(1) : null;
      }
      List<String> history = new ArrayList<>();
      if (schema != null) {
        for (String table : historyTables) {
          if (contains(archiveEntries, "TABLE", schema, table)) {
            kept.add(schema + "." + table);
          } else if (exists(connection, schema, table)) {
            history.add(table);
          }
        }
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(OBJECTS)) {
        while (rows.next()) {
          String kind = rows.getString(1);
          String nspname = rows.getString(2);
          String name = rows.getString(3);
          boolean schemaObject = "SCHEMA".equals(kind);
          if (contains(archiveEntries, kind, nspname, name)
              || (!schemaObject && nspname.equals(schema) && history.contains(name))) {
            continue;
          }
          String qualified = schemaObject ? name : nspname + "." + name;
          outside.add(new String[] {kind.toLowerCase(Locale.ROOT), qualified});
          if (!schemaObject && contains(archiveEntries, "SCHEMA", "-", nspname)) {
            blocking.add(kind.toLowerCase(Locale.ROOT) + " " + qualified);
          }
        }
      }
      if (!blocking.isEmpty()) {
        throw new BlockedException(
            String.join(", ", blocking)
                + (blocking.size() == 1 ? " is" : " are")
                + " not in the backup but in a schema it holds, which pg_restore --clean drops"
                + " and recreates (it would fail midway); drop or move "
                + (blocking.size() == 1 ? "it" : "them")
                + " first");
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("set lock_timeout = '10s'");
        for (String table : history) {
          statement.execute("drop table " + Identifiers.qualified(schema, table));
          dropped.add(schema + "." + table);
        }
      }
    }
    // by name, each schema just before its objects
    outside.sort(Comparator.comparing((String[] object) -> object[1]));
    return new RestoreCleanup(
        dropped, kept, outside.stream().map(object -> object[0] + " " + object[1]).toList());
  }

  /**
   * The tables, views, sequences and schemas a dump would hold, as {@code pg_restore --list} names
   * their kind and namespace ({@code -} for a schema): neither the system's nor an extension's.
   */
  private static final String OBJECTS =
      """
      select case c.relkind when 'r' then 'TABLE' when 'p' then 'TABLE' when 'v' then 'VIEW'
               when 'm' then 'MATERIALIZED VIEW' when 'S' then 'SEQUENCE'
               when 'f' then 'FOREIGN TABLE' end, n.nspname, c.relname
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
         and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
         and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid
                            and d.deptype = 'e')
      union all
      select 'SCHEMA', '-', n.nspname
        from pg_namespace n
       where n.nspname not in ('information_schema', 'public') and n.nspname !~ '^pg_'
         and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_namespace'::regclass and d.objid = n.oid
                            and d.deptype = 'e')
      """;

  /** Whether an entry of the archive's table of contents is {@code kind namespace name owner}. */
  static boolean contains(List<String> entries, String kind, String namespace, String name) {
    String object = kind + " " + namespace + " " + name;
    for (String entry : entries) {
      int semicolon = entry.indexOf("; ");
      if (semicolon < 0) {
        continue;
      }
      // "<id>; <catalog oid> <oid> <kind> <namespace> <name> <owner>"
      String[] head = entry.substring(semicolon + 2).split(" ", 3);
      if (head.length == 3) {
        String described = head[2];
        if (described.equals(object) || described.startsWith(object + " ")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean exists(Connection connection, String schema, String table)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'p')")) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** A restore refused before anything was touched: {@code --clean} could not succeed. */
  public static final class BlockedException extends RuntimeException {
    BlockedException(String message) {
      super(message);
    }
  }

  /** A restore that failed. */
  public static final class RestoreException extends RuntimeException {
    RestoreException(String message) {
      super(message);
    }
  }
}
