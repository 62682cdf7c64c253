package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.PreflightResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Read-only checks and measurements of the plan's database. */
@ActivityInterface
public interface DatabaseActivities {

  /** Failure types that cannot heal by retrying; the workflow aborts on them at once. */
  String WRONG_DATABASE = "WrongDatabase";

  String MISSING_SECRET = "MissingSecret";
  String AUTHENTICATION_FAILED = "AuthenticationFailed";
  String OUTSIDE_WINDOW = "OutsideMaintenanceWindow";
  String NO_SUCH_OBJECT = "NoSuchObject";
  String READ_ONLY_SERVER = "ReadOnlyServer";

  /** Retryable: the database may not be reachable yet, or too busy right now. */
  String UNREACHABLE = "DatabaseUnreachable";

  String TOO_MANY_CONNECTIONS = "TooManyConnections";

  @ActivityMethod
  PreflightResult preflight(PreflightRequest request);

  @ActivityMethod
  BaselineResult baseline(BaselineRequest request);

  /**
   * The write counters ({@code pg_stat_user_tables}) of the tables the request's baseline selects,
   * now: compared with the baseline's, the rows a restore to before the change would lose.
   */
  @ActivityMethod
  WriteCounters writeCounters(BaselineRequest request);
}
