package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply step's files are read with the plan, relative to it, content and SHA-256 into the plan;
 * a missing, empty or misnamed file is one plan error naming the file and line.
 */
class ChangeFilesPlanTest {

  private static final String HEAD =
      """
      release: menuca
      environment: production
      database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
      approvers: { santiago: {} }
      steps:
        - baseline: { schemas: [menuca_v3] }
      """;

  @TempDir Path directory;
  private final PlanReader reader = new PlanReader();

  @Test
  void migrationsAreReadInVersionOrderWithTheirChecksums() throws Exception {
    write("changes/V10__later.sql", "select 10;\n");
    write("changes/V2__rls.sql", "select 2;\n");
    write("changes/V1_1__fix.sql", "select 11;\n");
    write("changes/README.md", "not SQL: ignored\n");
    write("changes/.gitkeep", "");
    Path plan =
        write(
            "plan.yaml",
            HEAD
                + """
                  - apply: { migrations: changes, lockTimeout: 2s }
                  - verify-change:
                      expect:
                        tables: { menuca_v3.dishes: unchanged, menuca_v3.combo_items: "+5000..+6000" }
                        indexes: +12
                        policies: "+8"
                        otherTables: "±1%"
                      checks:
                        - { sql: "select count(*) from menuca_v3.combo_items where group_id is null", equals: 0 }
                """);

    Plan read = reader.read(plan);

    ApplySpec apply = (ApplySpec) read.steps().get(1).spec();
    assertThat(apply.files())
        .extracting(ChangeFile::name, ChangeFile::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("V1_1__fix.sql", "1.1"),
            org.assertj.core.groups.Tuple.tuple("V2__rls.sql", "2"),
            org.assertj.core.groups.Tuple.tuple("V10__later.sql", "10"));
    assertThat(apply.files().get(1).sql()).isEqualTo("select 2;\n");
    assertThat(apply.files().get(1).sha256()).isEqualTo(sha256("select 2;\n"));
    assertThat(apply.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(apply.statementTimeout()).isEqualTo(ApplySpec.DEFAULT_STATEMENT_TIMEOUT);
    assertThat(apply.historyTable()).isEqualTo("flyway_schema_history");
    VerifyChangeSpec verify = (VerifyChangeSpec) read.steps().get(2).spec();
    assertThat(verify.tables())
        .extracting(VerifyChangeSpec.TableExpectation::expect)
        .containsExactly("unchanged", "+5000..+6000");
    assertThat(verify.indexes()).isEqualTo("12");
    assertThat(verify.checks().get(0).equals()).isEqualTo("0");
  }

  @Test
  void plainSqlFilesRunInTheOrderListedWithTheirOwnHistory() throws Exception {
    write("fixes/b.sql", "select 'b';\n");
    write("fixes/a.sql", "select 'a';\n");
    Path plan = write("plan.yaml", HEAD + "  - apply: { sql: [fixes/b.sql, fixes/a.sql] }\n");

    ApplySpec apply = (ApplySpec) reader.read(plan).steps().get(1).spec();

    assertThat(apply.files())
        .extracting(ChangeFile::name)
        .containsExactly("fixes/b.sql", "fixes/a.sql");
    assertThat(apply.files()).extracting(ChangeFile::version).containsOnlyNulls();
    assertThat(apply.historyTable()).isEqualTo("greenlight_sql_history");
    assertThat(apply.versioned()).isFalse();
  }

  @Test
  void aMissingDirectoryIsAPlanError() throws Exception {
    assertRefused(
        "  - apply: { migrations: nowhere }\n",
        ":7: steps[1].apply.migrations: directory nowhere does not exist (relative to the plan file)");
  }

  @Test
  void aMisnamedMigrationIsAPlanError() throws Exception {
    write("changes/V1__ok.sql", "select 1;\n");
    write("changes/V2_single_underscore.sql", "select 2;\n");
    assertRefused(
        "  - apply: { migrations: changes }\n",
        ":7: steps[1].apply.migrations: changes/V2_single_underscore.sql is not named"
            + " V<version>__<description>.sql (e.g. V1__add_indexes.sql); Flyway would skip it");
  }

  @Test
  void anEmptyFileIsAPlanError() throws Exception {
    write("fixes/a.sql", "select 1;\n");
    write("fixes/empty.sql", "  \n");
    assertRefused(
        "  - apply:\n      sql:\n        - fixes/a.sql\n        - fixes/empty.sql\n",
        ":10: steps[1].apply.sql[1]: fixes/empty.sql is empty");
  }

  @Test
  void twoFilesWithOneVersionAreAPlanError() throws Exception {
    write("changes/V1__a.sql", "select 1;\n");
    write("changes/V1.0__b.sql", "select 2;\n");
    assertRefused(
        "  - apply: { migrations: changes }\n",
        ":7: steps[1].apply.migrations: V1.0__b.sql and V1__a.sql have the same version");
  }

  @Test
  void aMissingPlainFileIsAPlanError() throws Exception {
    assertRefused(
        "  - apply: { sql: [gone.sql] }\n",
        ":7: steps[1].apply.sql[0]: gone.sql does not exist (relative to the plan file)");
  }

  @Test
  void aLockTimeoutOutOfRangeIsAPlanError() throws Exception {
    write("fixes/a.sql", "select 1;\n");
    assertRefused(
        "  - apply: { sql: [fixes/a.sql], lockTimeout: 1h }\n",
        ":7: steps[1].apply.lockTimeout: must be between 100ms and 10m, found PT1H");
  }

  @Test
  void anUnreadableExpectationIsAPlanError() throws Exception {
    assertRefused(
        "  - verify-change: { expect: { tables: { menuca_v3.dishes: \"a few more\" } } }\n",
        ":7: steps[1].verify-change.expect.tables.menuca_v3.dishes: expected unchanged, +N, -N,"
            + " A..B (e.g. +5000..+6000), ±N, ±N%, added, removed or any, found 'a few more'");
  }

  @Test
  void verifyChangeNeedsABaselineBeforeIt() throws Exception {
    Path plan =
        write(
            "plan.yaml",
            HEAD.replace("  - baseline: { schemas: [menuca_v3] }\n", "")
                + "  - verify-change: {}\n");
    assertThatThrownBy(() -> reader.read(plan))
        .hasMessage(
            plan + ":6: steps[0]: verify-change needs a baseline step before it to compare with");
  }

  private void assertRefused(String step, String message) throws Exception {
    Path plan = write("plan.yaml", HEAD + step);
    assertThatThrownBy(() -> reader.read(plan))
        .isInstanceOf(PlanException.class)
        .hasMessage(plan + message);
  }

  private Path write(String name, String text) throws Exception {
    Path file = directory.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
