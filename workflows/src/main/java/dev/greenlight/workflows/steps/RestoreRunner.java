package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.RestoreRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.RestoreSpec;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.RestoreResult;
import dev.greenlight.workflows.status.StepResult;
import java.time.Duration;
import java.util.List;

/**
 * Restores a catalogued backup, on the host that holds it (all three activities go to its host
 * queue): checks the archive offline, takes an emergency backup of the target into the same catalog
 * (label {@value #EMERGENCY_LABEL}, the worker adds the UTC time), then restores. The emergency
 * backup, the way back from the restore itself, is in the step's result from the moment it exists.
 */
final class RestoreRunner implements StepRunner<RestoreSpec> {

  static final String EMERGENCY_LABEL = "emergency-pre-restore";

  /** pg_restore --clean can run again after a failed attempt; a second failure ends the step. */
  private static final RetrySpec RESTORE_RETRY =
      new RetrySpec(2, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1));

  @Override
  public StepResult run(StepRun step, RestoreSpec spec, RunContext context) {
    String host = TaskQueues.host(spec.host());
    DatabaseTarget target = context.plan().database();
    ActivityStubs.stub(
            CatalogActivities.class,
            step.name() + ": check " + spec.backupId(),
            Duration.ofHours(6),
            Duration.ofMinutes(1),
            ActivityStubs.CHECK_RETRY,
            host)
        .verify(new ArchiveRequest(spec.host(), spec.directory(), spec.backupId()));

    BackupResult emergency =
        ActivityStubs.stub(
                BackupActivities.class,
                step.name() + ": emergency backup of " + target.expectDatabase(),
                Duration.ofHours(6),
                Duration.ofMinutes(2),
                RetrySpec.BACKUP,
                host)
            .backup(
                new BackupRequest(
                    context.idempotencyKey(step.name() + "-emergency-backup", 0),
                    EMERGENCY_LABEL,
                    target,
                    new BackupSpec(
                        "pg_dump",
                        spec.directory(),
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        spec.encrypt(),
                        null),
                    null));
    // shown while the restore runs: the way back is already there
    step.result(
        new RestoreResult(
            spec.backupId(), spec.host(), target.expectDatabase(), emergency, 0, null));
    context.publish();
    context.announce(
        "Emergency backup "
            + emergency.id()
            + " of "
            + target.expectDatabase()
            + " complete ("
            + emergency.bytes()
            + " bytes, sha256 "
            + emergency.sha256()
            + "). Restoring "
            + spec.backupId()
            + ".");

    RestoreResult restored =
        ActivityStubs.stub(
                RestoreActivities.class,
                step.name(),
                Duration.ofHours(6),
                Duration.ofMinutes(2),
                RESTORE_RETRY,
                host)
            .restore(new RestoreRequest(spec.host(), spec.directory(), spec.backupId(), target))
            .withEmergencyBackup(emergency);
    context.announce("Restored " + spec.backupId() + " into " + target.expectDatabase() + ".");
    return restored;
  }
}
