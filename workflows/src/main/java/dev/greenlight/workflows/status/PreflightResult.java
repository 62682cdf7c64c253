package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/** What preflight found; it only returns when every check passed. */
@JsonTypeName("preflight")
public record PreflightResult(
    String database,
    String user,
    String serverVersion,
    int activeConnections,
    Integer maxActiveConnections,
    boolean windowChecked,
    Instant checkedAt)
    implements StepResult {

  @Override
  public String summary() {
    return "database "
        + database
        + ", PostgreSQL "
        + serverVersion
        + ", "
        + activeConnections
        + " other sessions"
        + (maxActiveConnections == null ? "" : " (max " + maxActiveConnections + ")")
        + (windowChecked ? ", inside the window" : "");
  }
}
