package dev.greenlight.workflows.plan;

/** A person who may decide gates, with the Slack user id that identifies them there. */
public record Approver(String slack) {}
