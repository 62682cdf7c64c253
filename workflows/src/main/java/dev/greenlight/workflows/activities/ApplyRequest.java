package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.DatabaseTarget;
import java.time.Duration;

/**
 * One file to apply: {@code file} with its Flyway version set, recorded in {@code historyTable};
 * {@code outOfOrder} lets it go in below versions already applied (plain SQL files, whose versions
 * come from the time their step started). {@code index} (from 1) of {@code count} files, for
 * progress.
 */
public record ApplyRequest(
    DatabaseTarget database,
    ChangeFile file,
    String historyTable,
    boolean outOfOrder,
    Duration lockTimeout,
    Duration statementTimeout,
    int index,
    int count) {}
