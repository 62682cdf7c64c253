package dev.greenlight.worker.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * One row of a bench table: Greenlight's timings beside a raw tool's, measured in the same run,
 * interleaved. The ratio is of the medians; {@code target} is the largest ratio the issue accepts
 * (0 for a row shown for information only).
 */
public record Comparison(
    String measure, Samples greenlight, String beside, Samples raw, double target) {

  /** Greenlight's median over the raw tool's. */
  public double ratio() {
    return greenlight.median() / raw.median();
  }

  /** Whether the ratio is within the target; true for a row without one. */
  public boolean holds() {
    return target <= 0 || ratio() <= target;
  }

  /** Prints {@code rows} as a Markdown table with medians, ranges, ratios and targets. */
  public static void print(List<Comparison> rows, PrintWriter out) {
    out.println();
    out.println("| measure | Greenlight | beside it | ratio | target |");
    out.println("|---|---|---|---|---|");
    for (Comparison row : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s: %s | %.2f× | %s |%n",
          row.measure(),
          row.greenlight().describe("%.2f", "s"),
          row.beside(),
          row.raw().describe("%.2f", "s"),
          row.ratio(),
          row.target() <= 0
              ? ""
              : String.format(
                  Locale.ROOT, "≤ %.2f× %s", row.target(), row.holds() ? "holds" : "**missed**"));
    }
    out.printf(
        Locale.ROOT,
        "(medians of %d runs each, range in brackets; load average at the end %.2f on %d cores)%n",
        rows.isEmpty() ? 0 : rows.get(0).greenlight().size(),
        BenchDatabase.loadAverage(),
        Runtime.getRuntime().availableProcessors());
    out.flush();
  }
}
