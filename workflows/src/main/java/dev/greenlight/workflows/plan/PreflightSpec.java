package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Checks made just before the change: at most {@code maxActiveConnections} other sessions on the
 * database (null: not checked), and now inside the maintenance window (null bounds: not checked).
 */
@JsonTypeName("preflight")
public record PreflightSpec(Integer maxActiveConnections, Instant windowStart, Instant windowEnd)
    implements StepSpec {

  @Override
  public String describe() {
    return "preflight"
        + (maxActiveConnections == null
            ? ""
            : ": at most " + maxActiveConnections + " other sessions")
        + (windowStart == null ? "" : ", window " + windowStart + " – " + windowEnd);
  }
}
