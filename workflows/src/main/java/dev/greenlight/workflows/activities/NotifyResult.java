package dev.greenlight.workflows.activities;

/** Where a notification went ({@code log}, or a channel) and what it said. */
public record NotifyResult(String channel, String text) {}
