package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;

public record BaselineRequest(DatabaseTarget database, BaselineSpec spec) {}
