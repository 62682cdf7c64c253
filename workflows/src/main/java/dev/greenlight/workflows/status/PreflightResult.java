package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * What preflight found; it only returns when every check passed. {@code systemIdentifier} is the
 * server's ({@code pg_control_system()}; null where the role may not read it, and in runs recorded
 * before it was asked for): with the database's name, the target's identity.
 */
@JsonTypeName("preflight")
public record PreflightResult(
    String database,
    String user,
    String serverVersion,
    int activeConnections,
    Integer maxActiveConnections,
    boolean windowChecked,
    Instant checkedAt,
    String systemIdentifier)
    implements StepResult {

  /** A preflight result that does not know the server's system identifier. */
  public PreflightResult(
      String database,
      String user,
      String serverVersion,
      int activeConnections,
      Integer maxActiveConnections,
      boolean windowChecked,
      Instant checkedAt) {
    this(
        database,
        user,
        serverVersion,
        activeConnections,
        maxActiveConnections,
        windowChecked,
        checkedAt,
        null);
  }

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
