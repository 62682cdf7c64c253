package dev.greenlight.workflows.status;

/** The life of a gate: opened when the run reaches it, then decided exactly once. */
public enum GateState {
  PENDING,
  OPEN,
  APPROVED,
  REJECTED,
  EXPIRED,
  /** The deployment was aborted while the gate was open. */
  CLOSED
}
