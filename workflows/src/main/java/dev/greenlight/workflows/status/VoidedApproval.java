package dev.greenlight.workflows.status;

import java.time.Instant;

/** An approval that no longer counts because the evidence changed while the gate was open. */
public record VoidedApproval(Decision approval, String reason, Instant at) {}
