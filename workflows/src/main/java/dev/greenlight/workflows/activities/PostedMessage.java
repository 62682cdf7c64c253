package dev.greenlight.workflows.activities;

/** Where a message is: its channel (as Slack names it) and timestamp (its id). */
public record PostedMessage(String channel, String ts) {}
