package dev.greenlight.workflows;

/** Who asks to stop a deployment, through which surface, and why. */
public record AbortRequest(String by, String via, String reason) {}
