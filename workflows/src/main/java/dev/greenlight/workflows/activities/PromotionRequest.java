package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.Plan;

/** A plan whose {@code requires} is to be checked. */
public record PromotionRequest(Plan plan) {}
