package dev.greenlight.workflows.plan;

/**
 * Where the checklist runs. {@code passwordEnv} is the <em>name</em> of an environment variable on
 * the worker, never the password; {@code expectDatabase} is the only database name the steps will
 * run against.
 */
public record DatabaseTarget(String url, String user, String passwordEnv, String expectDatabase) {}
