package dev.greenlight.workflows.activities;

/** One message for the war room about one deployment. */
public record Notification(
    String deploymentId, String release, String environment, String text) {}
