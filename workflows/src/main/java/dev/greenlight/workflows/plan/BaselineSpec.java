package dev.greenlight.workflows.plan;

import java.util.List;

/**
 * What to record before the change: every table of {@code schemas} plus the named {@code tables}
 * ({@code schema.table}). Row counts are exact ({@code count(*)}) when {@code exact}, otherwise
 * estimates from the planner statistics, which cost nothing on huge tables.
 */
public record BaselineSpec(List<String> schemas, List<String> tables, boolean exact) {

  public BaselineSpec {
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
  }
}
