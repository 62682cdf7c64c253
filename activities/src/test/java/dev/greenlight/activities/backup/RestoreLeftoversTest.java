package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.RestoreCleanup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code pg_restore --clean} leaves that the backup lacks, on the real PostgreSQL and the
 * archive's real table of contents: a history table created after the backup is dropped, one the
 * backup holds is kept with its rows from then, every other table, view, sequence and schema the
 * backup lacks is named (odd and mixed-case names too) and left, and one in a schema the backup
 * holds (which --clean would fail to drop, after dropping the backup's tables) refuses the restore
 * before anything is touched.
 */
class RestoreLeftoversTest {

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path directory;

  private final Restorer restorer = new Restorer(Backups.TOOLS, Backups.CONNECTOR);

  @Test
  void aHistoryTableCreatedAfterTheBackupIsDroppedAndOtherNewObjectsAreNamed() throws Exception {
    Fixtures.menuca(database);
    database.execute(
        "create schema \"Odd Name\"", "create table \"Odd Name\".\"My Table\" (id int)");
    BackupResult backup = Backups.backup(database, Backups.pgDump(directory));
    database.execute(
        "create table greenlight_sql_history (installed_rank int, version text)",
        "insert into greenlight_sql_history values (1, '20260101')",
        "create schema \"Later Name\"",
        "create table \"Later Name\".\"Later Table\" (id int)",
        "create schema late",
        "create sequence late.numbers",
        // not over a table of the backup: --clean could not drop that table (a separate matter)
        "create view late.recent as select 1 as one");

    List<String> entries = Backups.verifier().listArchive(backup);
    RestoreCleanup cleanup =
        restorer.prepare(
            entries, database.target(), List.of("greenlight_sql_history", "flyway_schema_history"));
    restorer.restore(backup, database.target(), bytes -> {});

    assertThat(cleanup.droppedHistory()).containsExactly("public.greenlight_sql_history");
    assertThat(cleanup.keptHistory()).isEmpty();
    assertThat(tables("greenlight_sql_history")).isZero();
    assertThat(cleanup.notInBackup())
        .containsExactly(
            "schema Later Name",
            "table Later Name.Later Table",
            "schema late",
            "sequence late.numbers",
            "view late.recent");
    assertThat(tables("Later Table")).as("left in place").isOne();
  }

  @Test
  void aHistoryTableTheBackupHoldsIsKeptWithItsRowsFromThen() throws Exception {
    Fixtures.menuca(database);
    database.execute(
        "create table flyway_schema_history (installed_rank int, version text)",
        "insert into flyway_schema_history values (1, '1')");
    BackupResult backup = Backups.backup(database, Backups.pgDump(directory));
    database.execute("insert into flyway_schema_history values (2, '2')");

    List<String> entries = Backups.verifier().listArchive(backup);
    RestoreCleanup cleanup =
        restorer.prepare(entries, database.target(), List.of("flyway_schema_history"));
    restorer.restore(backup, database.target(), bytes -> {});

    assertThat(cleanup.keptHistory()).containsExactly("public.flyway_schema_history");
    assertThat(cleanup.droppedHistory()).isEmpty();
    assertThat(cleanup.notInBackup()).isEmpty();
    assertThat(count("select count(*) from flyway_schema_history")).isOne();
  }

  @Test
  void aNewTableInASchemaOfTheBackupRefusesTheRestoreBeforeAnythingIsTouched() throws Exception {
    Fixtures.menuca(database);
    BackupResult backup = Backups.backup(database, Backups.pgDump(directory));
    database.execute(
        "create table greenlight_sql_history (installed_rank int, version text)",
        "create table menuca_v3.coupons (id int)");

    List<String> entries = Backups.verifier().listArchive(backup);
    assertThatThrownBy(
            () -> restorer.prepare(entries, database.target(), List.of("greenlight_sql_history")))
        .isInstanceOf(Restorer.BlockedException.class)
        .hasMessage(
            "table menuca_v3.coupons is not in the backup but in a schema it holds, which"
                + " pg_restore --clean drops and recreates (it would fail midway); drop or move"
                + " it first");
    assertThat(tables("greenlight_sql_history")).as("nothing dropped").isOne();
    assertThat(count("select count(*) from menuca_v3.orders")).isEqualTo(5);
  }

  private long tables(String name) throws Exception {
    return count("select count(*) from pg_tables where tablename = '" + name + "'");
  }

  private long count(String sql) throws Exception {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
