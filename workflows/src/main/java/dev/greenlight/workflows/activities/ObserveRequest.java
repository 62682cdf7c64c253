package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.VerifyChangeSpec.CheckSpec;
import java.time.Duration;
import java.util.List;

/**
 * What to observe after the change: the tables {@code baseline} selects (tables it names that no
 * longer exist are reported absent, not as an error), with its count method, and the {@code
 * checks}, each bounded by {@code checkTimeout}; all in one read-only transaction.
 */
public record ObserveRequest(
    DatabaseTarget database, BaselineSpec baseline, List<CheckSpec> checks, Duration checkTimeout) {

  public ObserveRequest {
    checks = List.copyOf(checks);
  }
}
