package dev.greenlight.workflows.plan;

import java.time.Duration;
import java.util.List;

/**
 * A plan's way back, gated: when its {@code apply} or {@code verify-change} step fails, the run
 * opens gate {@value #GATE_NAME} for {@code required} of {@code approvers} (never the release lead)
 * within {@code timeout}; approved, it restores the run's verified backup. Null in plans without
 * it, and in plans recorded before it existed.
 */
public record RollbackGate(List<String> approvers, int required, Duration timeout) {

  /** The name of the rollback gate in a run: approve and reject name it. */
  public static final String GATE_NAME = "rollback";

  public RollbackGate {
    approvers = List.copyOf(approvers);
  }

  /** The gate approvers decide on, with what they vouch for. */
  public GateSpec gate(List<String> confirm) {
    return new GateSpec(approvers, required, timeout, confirm);
  }

  public String describe() {
    return "rollback: "
        + required
        + " of "
        + String.join(", ", approvers)
        + " within "
        + dev.greenlight.workflows.format.Durations.format(timeout)
        + ", if apply or verify-change fails";
  }
}
