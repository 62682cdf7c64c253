package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan check} lists an apply step's files with their checksums, or refuses the plan. */
class PlanCheckChangeFilesTest {

  @TempDir Path directory;

  @Test
  void theShippedPlanListsItsMigrations() {
    Cli check = Cli.run("plan", "check", "../plans/menuca.yaml");

    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out())
        .containsPattern("apply: 3 migrations from menuca-v3 \\(lock timeout 5s")
        .containsPattern("V1__add_indexes.sql +\\d+ bytes  sha256 [0-9a-f]{64}")
        .containsPattern("V3__fix_combo_items.sql +\\d+ bytes  sha256 [0-9a-f]{64}")
        .contains("verify-change: 1 table declared");
  }

  @Test
  void aMissingFileIsOneLineAndExitCode2() throws Exception {
    Path plan =
        Files.writeString(
            directory.resolve("plan.yaml"),
            """
            release: r
            environment: e
            database: { url: "jdbc:postgresql://db/x", expect: { database: x } }
            approvers: { santiago: {} }
            steps:
              - apply: { sql: [missing.sql] }
            """);

    Cli check = Cli.run("plan", "check", plan.toString());

    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err().strip())
        .isEqualTo(
            "greenlight: "
                + plan
                + ":6: steps[0].apply.sql[0]: missing.sql does not exist (relative to the plan file)");
  }
}
