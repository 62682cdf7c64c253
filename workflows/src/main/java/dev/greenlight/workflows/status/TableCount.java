package dev.greenlight.workflows.status;

/** Rows of one table; {@code exact} when counted, otherwise the planner's estimate. */
public record TableCount(String schema, String table, long rows, boolean exact) {}
