package dev.greenlight.workflows;

import dev.greenlight.workflows.plan.Plan;

/** Input of a deployment: the checked plan, who started it, and the plan file it came from. */
public record StartDeployment(Plan plan, String startedBy, String planFile) {}
