package dev.greenlight.workflows.catalog;

import java.time.Duration;

/**
 * A scheduled verification of one host's catalog ({@code host} null: any worker; {@code directory}
 * null: the worker's default catalog). Each run restore-tests the newest backup and, rolling, the
 * backups not checked within {@code coverage}, least recently checked first, at most {@code perRun}
 * restore tests in all (see {@link VerificationSelection}). A restore slower than {@code rto}
 * (null: no RTO) fails its check. Failures are told to Slack channel {@code warRoom} (null: the
 * worker's log). With {@code loop} the workflow sleeps {@code every} after a run and continues as
 * new (the fallback where the server has no Schedules); {@code pass} counts those runs.
 */
public record VerificationRequest(
    String host,
    String directory,
    Duration every,
    Duration coverage,
    int perRun,
    String scratchUrl,
    Duration rto,
    String warRoom,
    boolean loop,
    int pass,
    String backupId,
    String copy) {

  /** Restore tests per run unless {@code --per-run} says otherwise. */
  public static final int DEFAULT_PER_RUN = 3;

  /** The coverage period unless {@code --coverage} says otherwise: four runs. */
  public static Duration defaultCoverage(Duration every) {
    return every.multipliedBy(4);
  }

  /** The same verification, one run further. */
  public VerificationRequest next() {
    return new VerificationRequest(
        host,
        directory,
        every,
        coverage,
        perRun,
        scratchUrl,
        rto,
        warRoom,
        loop,
        pass + 1,
        backupId,
        copy);
  }
}
