package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.status.DeploymentState;
import io.temporal.failure.ApplicationFailure;

/** The failure types a run ends with, and the state each means. */
public final class StepFailures {

  /** A person said no: the run ends ABORTED. */
  public static final String GATE_REJECTED = "GateRejected";

  /** Nobody decided in time: the run ends ABORTED. */
  public static final String GATE_EXPIRED = "GateExpired";

  /** A step could not heal: the run ends FAILED. */
  public static final String STEP_FAILED = "StepFailed";

  /** The rollback gate was rejected or expired: the run ends FAILED, the database as it is. */
  public static final String ROLLBACK_DECLINED = "RollbackDeclined";

  /** The rollback itself failed: the run ends ROLLBACK_FAILED. */
  public static final String ROLLBACK_FAILED = "RollbackFailed";

  private StepFailures() {}

  /** Fails the step with {@code why}; returns the failure that ends the run FAILED. */
  public static ApplicationFailure stepFailed(StepRun step, String why, RunContext context) {
    step.fail(why, context.now());
    return ApplicationFailure.newNonRetryableFailure(
        "step " + step.name() + " failed: " + why, STEP_FAILED);
  }

  /** Fails the gate with {@code why}; returns the failure of {@code type} that ends the run. */
  static ApplicationFailure gateStopped(StepRun step, String why, String type, RunContext context) {
    step.fail(why, context.now());
    return ApplicationFailure.newNonRetryableFailure("gate " + step.name() + " " + why, type);
  }

  public static DeploymentState stateOf(String failureType) {
    if (ROLLBACK_FAILED.equals(failureType)) {
      return DeploymentState.ROLLBACK_FAILED;
    }
    return GATE_REJECTED.equals(failureType) || GATE_EXPIRED.equals(failureType)
        ? DeploymentState.ABORTED
        : DeploymentState.FAILED;
  }
}
