package dev.greenlight.workflows;

import dev.greenlight.workflows.activities.BackupResult;
import dev.greenlight.workflows.activities.BaselineResult;
import dev.greenlight.workflows.activities.NotifyResult;
import dev.greenlight.workflows.activities.PreflightResult;
import dev.greenlight.workflows.activities.VerificationResult;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import java.time.Instant;

/** The workflow's mutable record of one step while the run goes on. */
final class StepRun {

  final Step step;
  final Gate gate;
  StepState state = StepState.PENDING;
  Instant startedAt;
  Instant finishedAt;
  String error;
  PreflightResult preflight;
  BaselineResult baseline;
  NotifyResult notification;
  BackupResult backup;
  VerificationResult verification;

  StepRun(Step step, Gate gate) {
    this.step = step;
    this.gate = gate;
  }

  String name() {
    return step.name();
  }

  void begin(StepState runningState, Instant now) {
    state = runningState;
    startedAt = now;
  }

  void end(StepState endState, Instant now) {
    state = endState;
    finishedAt = now;
  }

  boolean isActive() {
    return state == StepState.RUNNING || state == StepState.WAITING_FOR_APPROVAL;
  }

  StepStatus status() {
    return new StepStatus(
        step.name(),
        step.kind(),
        state,
        startedAt,
        finishedAt,
        error,
        gate == null ? null : gate.status(),
        preflight,
        baseline,
        notification,
        backup,
        verification);
  }
}
