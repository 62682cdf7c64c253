package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.RestoreRequest;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RestoreSpec;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.plan.Step;
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
 * The three parts are shared with the rollback ({@link RollbackRunner}): one way back.
 */
final class RestoreRunner implements StepRunner<RestoreSpec> {

  static final String EMERGENCY_LABEL = "emergency-pre-restore";

  /** pg_restore --clean can run again after a failed attempt; a second failure ends the step. */
  private static final RetrySpec RESTORE_RETRY =
      new RetrySpec(2, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1));

  @Override
  public StepResult run(StepRun step, RestoreSpec spec, RunContext context) {
    DatabaseTarget target = context.plan().database();
    check(step, spec.host(), spec.directory(), spec.backupId());
    BackupResult emergency =
        emergencyBackup(
            step, spec.host(), spec.directory(), spec.encrypt(), EMERGENCY_LABEL, context);
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
        restore(
                step,
                spec.host(),
                spec.directory(),
                spec.backupId(),
                historyTables(context.plan()),
                context)
            .withEmergencyBackup(emergency);
    context.announce(
        "Restored "
            + spec.backupId()
            + " into "
            + target.expectDatabase()
            + "."
            + (restored.cleanup() == null || restored.cleanup().lines().isEmpty()
                ? ""
                : "\n```\n" + String.join("\n", restored.cleanup().lines()) + "\n```"));
    return restored;
  }

  /** Checks backup {@code backupId}'s archive offline on {@code host}: checksums, listing. */
  static void check(StepRun step, String host, String directory, String backupId) {
    ActivityStubs.stub(
            CatalogActivities.class,
            step.name() + ": check " + backupId,
            Duration.ofHours(6),
            Duration.ofMinutes(1),
            ActivityStubs.CHECK_RETRY,
            TaskQueues.host(host))
        .verify(new ArchiveRequest(host, directory, backupId));
  }

  /**
   * A checksummed backup of the plan's target into catalog {@code directory} on {@code host},
   * labelled {@code label} (the worker adds the UTC time), encrypted with {@code encrypt} (null:
   * not encrypted).
   */
  static BackupResult emergencyBackup(
      StepRun step,
      String host,
      String directory,
      EncryptSpec encrypt,
      String label,
      RunContext context) {
    DatabaseTarget target = context.plan().database();
    return ActivityStubs.stub(
            BackupActivities.class,
            step.name() + ": emergency backup of " + target.expectDatabase(),
            Duration.ofHours(6),
            Duration.ofMinutes(2),
            RetrySpec.BACKUP,
            TaskQueues.host(host))
        .backup(
            new BackupRequest(
                context.idempotencyKey(step.name() + "-emergency-backup", 0),
                label,
                target,
                new BackupSpec(
                    "pg_dump", directory, null, null, null, List.of(), null, encrypt, null),
                null));
  }

  /** The schema history tables of {@code plan}'s {@code apply} steps, each once, in order. */
  static List<String> historyTables(Plan plan) {
    return plan.steps().stream()
        .map(Step::spec)
        .filter(ApplySpec.class::isInstance)
        .map(spec -> ((ApplySpec) spec).historyTable())
        .distinct()
        .toList();
  }

  /**
   * {@code pg_restore --clean} of backup {@code backupId} into the plan's target, on its host;
   * afterwards the worker drops those of {@code historyTables} the backup does not contain.
   */
  static RestoreResult restore(
      StepRun step,
      String host,
      String directory,
      String backupId,
      List<String> historyTables,
      RunContext context) {
    return ActivityStubs.stub(
            RestoreActivities.class,
            step.name(),
            Duration.ofHours(6),
            Duration.ofMinutes(2),
            RESTORE_RETRY,
            TaskQueues.host(host))
        .restore(
            new RestoreRequest(
                host, directory, backupId, context.plan().database(), historyTables));
  }
}
