package dev.greenlight.workflows.status;

import java.time.Instant;

/** Who stopped a deployment by hand, from where, when and why. */
public record AbortRecord(String by, String via, String reason, Instant at) {}
