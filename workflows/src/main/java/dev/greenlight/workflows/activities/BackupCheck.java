package dev.greenlight.workflows.activities;

import java.time.Instant;

/**
 * The latest check of a backup, as recorded in its catalog: when, whether it passed, which copy was
 * read ({@link #LOCAL} or {@link #OFFSITE}), how long the restore test took (null: no restore test)
 * and what was found (the failure reason, or a note such as "no baseline in manifest").
 */
public record BackupCheck(
    Instant at, boolean passed, String copy, Long restoreMillis, String detail) {

  public static final String LOCAL = "local";
  public static final String OFFSITE = "offsite";
}
