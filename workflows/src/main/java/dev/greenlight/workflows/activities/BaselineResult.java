package dev.greenlight.workflows.activities;

import java.time.Instant;
import java.util.List;

/**
 * The database as it was before the change, for the tables the plan names: row counts, the
 * database's size, and how many indexes and row-level-security policies those tables have.
 */
public record BaselineResult(
    String database,
    long sizeBytes,
    int indexCount,
    int policyCount,
    List<TableCount> tables,
    Instant capturedAt) {

  public long totalRows() {
    return tables.stream().mapToLong(TableCount::rows).sum();
  }
}
