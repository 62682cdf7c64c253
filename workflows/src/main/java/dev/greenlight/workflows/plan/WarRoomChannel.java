package dev.greenlight.workflows.plan;

/** Where the war room is told: a Slack channel id or name (null: the worker's log only). */
public record WarRoomChannel(String slackChannel) {}
