package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * What to record before the change: every table of {@code schemas} plus the named {@code tables}
 * ({@code schema.table}). Row counts are exact ({@code count(*)}) when {@code exact}, otherwise
 * estimates from the planner statistics, which cost nothing on huge tables.
 */
@JsonTypeName("baseline")
public record BaselineSpec(List<String> schemas, List<String> tables, boolean exact)
    implements StepSpec {

  public BaselineSpec {
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
  }

  @Override
  public String describe() {
    return "baseline: "
        + String.join(", ", schemas)
        + (tables.isEmpty() ? "" : " " + String.join(", ", tables))
        + (exact ? " (exact counts)" : " (estimated counts)");
  }
}
