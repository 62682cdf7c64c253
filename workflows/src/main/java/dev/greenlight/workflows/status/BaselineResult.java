package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Sizes;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The database as it was before the change, for the tables the plan names: row counts, the
 * database's size, and how many indexes and row-level-security policies those tables have. {@code
 * counters} are the tables' write counters at that moment, so that the rows written since can be
 * told (null in baselines recorded before they were).
 */
@JsonTypeName("baseline")
public record BaselineResult(
    String database,
    long sizeBytes,
    int indexCount,
    int policyCount,
    List<TableCount> tables,
    Instant capturedAt,
    List<RowCounters> counters)
    implements StepResult {

  /** A baseline without the tables' write counters (as recorded before they were). */
  public BaselineResult(
      String database,
      long sizeBytes,
      int indexCount,
      int policyCount,
      List<TableCount> tables,
      Instant capturedAt) {
    this(database, sizeBytes, indexCount, policyCount, tables, capturedAt, null);
  }

  public long totalRows() {
    return tables.stream().mapToLong(TableCount::rows).sum();
  }

  @Override
  public String summary() {
    return tables.size()
        + " tables, "
        + String.format(Locale.ROOT, "%,d", totalRows())
        + " rows, "
        + Sizes.bytes(sizeBytes)
        + ", "
        + (indexCount == 1 ? "1 index" : indexCount + " indexes")
        + ", "
        + (policyCount == 1 ? "1 RLS policy" : policyCount + " RLS policies");
  }
}
