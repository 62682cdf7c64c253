package dev.greenlight.workflows.status;

/** Where one checklist step stands. */
public enum StepState {
  PENDING,
  RUNNING,
  WAITING_FOR_APPROVAL,
  SUCCEEDED,
  FAILED,
  /** Stopped while it ran or waited, because the deployment was aborted. */
  ABORTED,
  /** Never ran, because the deployment ended before it. */
  SKIPPED
}
