package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.PreflightSpec;

public record PreflightRequest(DatabaseTarget database, PreflightSpec spec) {}
