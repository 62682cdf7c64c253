package dev.greenlight.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The apply and rollback-restore rows on a tiny database: both sides of every row ran (the change
 * is in each copy, the restored target holds the backed-up rows), the ratios come from the timings,
 * and the table has its shape.
 */
class ChangeBenchTest {

  @Test
  void everySideRunsAndTheTableShowsMediansAndRatios() throws Exception {
    String database = "greenlight_benchtest_" + UUID.randomUUID().toString().substring(0, 8);
    StringWriter text = new StringWriter();

    ChangeBench.Result result =
        ChangeBench.run(
            new ChangeBench.Settings(
                2, database, "jdbc:postgresql://127.0.0.1:5432", "postgres", 1, true),
            new PrintWriter(text, true));
    System.out.println(text);

    assertThat(result.rows()).hasSize(3);
    for (Comparison row : result.rows()) {
      assertThat(row.greenlight().size()).isEqualTo(1);
      assertThat(row.raw().size()).isEqualTo(1);
      assertThat(row.greenlight().min()).isPositive();
      assertThat(row.raw().min()).isPositive();
      assertThat(row.ratio()).isEqualTo(row.greenlight().median() / row.raw().median());
      assertThat(text.toString())
          .contains(
              "| "
                  + row.measure()
                  + " | "
                  + row.greenlight().describe("%.2f", "s")
                  + " | "
                  + row.beside()
                  + ": "
                  + row.raw().describe("%.2f", "s")
                  + " | "
                  + String.format(Locale.ROOT, "%.2f×", row.ratio()));
    }
    // 2 MiB: about 2,000 rows per table, every hundredth of bench_4 fixed.
    assertThat(result.evidence().get("apply: Greenlight"))
        .matches("indexes \\+2, policies \\+2, rows fixed [1-9]\\d*, history 3");
    assertThat(result.evidence().get("apply: Flyway"))
        .isEqualTo(result.evidence().get("apply: Greenlight"));
    assertThat(result.evidence().get("apply: psql"))
        .isEqualTo(result.evidence().get("apply: Greenlight").replace("history 3", "history 0"));
    assertThat(result.evidence().get("restore: Greenlight"))
        .matches("[1-9]\\d* rows, as backed up");
    assertThat(result.evidence().get("restore: pg_restore"))
        .isEqualTo(result.evidence().get("restore: Greenlight"));
    assertThat(text.toString()).contains("| measure | Greenlight | beside it | ratio | target |");
  }
}
