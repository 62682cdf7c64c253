package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Durations;
import java.time.Duration;
import java.util.List;

/**
 * A gate waits for {@code required} distinct {@code approvers} within {@code timeout}. The {@code
 * confirm} items are what an approver vouches for by approving. While it is open, every {@code
 * remind} (null: never) the approvers still awaited are reminded; after {@code escalateAfter}
 * (null: never) the people {@code escalateTo} become approvers of the gate too.
 */
@JsonTypeName("gate")
public record GateSpec(
    List<String> approvers,
    int required,
    Duration timeout,
    List<String> confirm,
    Duration remind,
    Duration escalateAfter,
    List<String> escalateTo)
    implements StepSpec {

  public GateSpec {
    approvers = List.copyOf(approvers);
    confirm = List.copyOf(confirm);
    escalateTo = escalateTo == null ? List.of() : List.copyOf(escalateTo);
  }

  /** A gate without reminders or escalation. */
  public GateSpec(List<String> approvers, int required, Duration timeout, List<String> confirm) {
    this(approvers, required, timeout, confirm, null, null, List.of());
  }

  @Override
  public String describe() {
    return "gate: "
        + required
        + " of "
        + String.join(", ", approvers)
        + " within "
        + Durations.format(timeout);
  }
}
