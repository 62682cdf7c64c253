package dev.greenlight.workflows;

import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A deployment checklist as a durable workflow: the plan's steps in order, one activity each, gates
 * waiting for human approval.
 *
 * <p>Decisions are updates with validators, so an approver gets an immediate, specific answer and a
 * refused decision leaves no trace in history. An abort is workflow cancellation, preceded by
 * {@link #recordAbort} so the record says who asked and why.
 */
@WorkflowInterface
public interface DeploymentWorkflow {

  /** The task queue the Greenlight worker polls. */
  String TASK_QUEUE = "greenlight";

  /** Runs the checklist; returns the final status, or fails with it as the failure's details. */
  @WorkflowMethod(name = "Deployment")
  DeploymentStatus run(StartDeployment start);

  @UpdateMethod
  GateOutcome approve(Approval approval);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Approval approval);

  @UpdateMethod
  GateOutcome reject(Rejection rejection);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Rejection rejection);

  /** Records who is about to cancel the run and why; the cancellation itself stops it. */
  @SignalMethod
  void recordAbort(AbortRequest request);

  @QueryMethod
  DeploymentStatus status();
}
