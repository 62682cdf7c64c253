package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.RowCounters;
import java.time.Instant;
import java.util.List;

/** The write counters of the tables a baseline selects, as PostgreSQL has them at {@code at}. */
public record WriteCounters(List<RowCounters> tables, Instant at) {

  public WriteCounters {
    tables = List.copyOf(tables);
  }
}
