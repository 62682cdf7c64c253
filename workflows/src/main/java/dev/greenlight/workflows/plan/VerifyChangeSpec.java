package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Duration;
import java.util.List;

/**
 * Declared against observed: a new baseline of the tables the run's baseline recorded, compared
 * with it and with what the plan declares. {@code tables} are per-table row expectations, {@code
 * indexes} and {@code policies} expectations of the change in their counts (null: unchanged), and
 * {@code otherTables} the tolerance for every table the plan declares nothing about (null:
 * unchanged). Expectations are written as {@code dev.greenlight.workflows.change.Expectation}
 * parses them. {@code checks} are read-only queries whose single value must equal the expected one,
 * each bounded by {@code checkTimeout}.
 */
@JsonTypeName("verify-change")
public record VerifyChangeSpec(
    List<TableExpectation> tables,
    String indexes,
    String policies,
    String otherTables,
    List<CheckSpec> checks,
    Duration checkTimeout)
    implements StepSpec {

  public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(1);

  /** Rows of {@code table} ({@code schema.table}, or quoted SQL) must change as {@code expect}. */
  public record TableExpectation(String table, String expect) {}

  /** A read-only query whose first column of its first row must equal {@code equals}. */
  public record CheckSpec(String sql, String equals) {}

  public VerifyChangeSpec {
    tables = tables == null ? List.of() : List.copyOf(tables);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  @Override
  public String describe() {
    return "verify-change: "
        + tables.size()
        + (tables.size() == 1 ? " table" : " tables")
        + " declared, other tables "
        + (otherTables == null ? "unchanged" : otherTables)
        + ", indexes "
        + (indexes == null ? "unchanged" : indexes)
        + ", policies "
        + (policies == null ? "unchanged" : policies)
        + ", "
        + checks.size()
        + (checks.size() == 1 ? " check" : " checks");
  }
}
