package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.BaselineResult;
import java.util.List;

/** The database after the change (as a baseline) and what each check returned. */
public record ChangeObservation(BaselineResult after, List<CheckOutcome> checks) {

  public ChangeObservation {
    checks = List.copyOf(checks);
  }

  /**
   * One check's result: the first column of its first row as text ({@code null} for SQL NULL or no
   * row), or the error that stopped it.
   */
  public record CheckOutcome(String sql, String value, String error) {}
}
