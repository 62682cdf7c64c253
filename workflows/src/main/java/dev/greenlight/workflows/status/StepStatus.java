package dev.greenlight.workflows.status;

import dev.greenlight.workflows.activities.BackupResult;
import dev.greenlight.workflows.activities.BaselineResult;
import dev.greenlight.workflows.activities.NotifyResult;
import dev.greenlight.workflows.activities.PreflightResult;
import dev.greenlight.workflows.activities.VerificationResult;
import dev.greenlight.workflows.plan.StepKind;
import java.time.Instant;

/** One step's state and, once it ran, its result: the field matching its kind is set. */
public record StepStatus(
    String name,
    StepKind kind,
    StepState state,
    Instant startedAt,
    Instant finishedAt,
    String error,
    GateStatus gate,
    PreflightResult preflight,
    BaselineResult baseline,
    NotifyResult notification,
    BackupResult backup,
    VerificationResult verification) {}
