package dev.greenlight.workflows.plan;

import java.time.Duration;
import java.util.List;

/**
 * A gate waits for {@code required} distinct {@code approvers} within {@code timeout}. The {@code
 * confirm} items are what an approver vouches for by approving.
 */
public record GateSpec(List<String> approvers, int required, Duration timeout, List<String> confirm) {

  public GateSpec {
    approvers = List.copyOf(approvers);
    confirm = List.copyOf(confirm);
  }
}
