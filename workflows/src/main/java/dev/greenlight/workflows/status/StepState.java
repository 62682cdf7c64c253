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
  SKIPPED;

  /** How a checklist line shows this state: ✓ done, ⏳ running, 🔒 waiting, ✗ failed, · pending. */
  public String mark() {
    return switch (this) {
      case SUCCEEDED -> "✓";
      case RUNNING -> "⏳";
      case WAITING_FOR_APPROVAL -> "🔒";
      case FAILED, ABORTED -> "✗";
      case PENDING, SKIPPED -> "·";
    };
  }
}
