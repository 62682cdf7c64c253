package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.StepResult;
import java.time.Duration;

/** Takes the backup that is the way back, retrying as the plan says. */
final class BackupRunner implements StepRunner<BackupSpec> {

  @Override
  public StepResult run(StepRun step, BackupSpec spec, RunContext context) {
    BackupResult backup = take(step, spec, 0, context);
    context.recordBackup(step);
    return backup;
  }

  /**
   * Takes the backup of {@code step} ({@code attempt} 0, or 1 for the one more backup after a
   * failed verification). The idempotency key (run, step, try) makes a retried activity return the
   * backup it already completed instead of taking a second one.
   */
  static BackupResult take(StepRun step, BackupSpec spec, int attempt, RunContext context) {
    Plan plan = context.plan();
    BackupResult backup =
        ActivityStubs.stub(
                BackupActivities.class,
                step.name() + (attempt > 0 ? " (again)" : ""),
                Duration.ofHours(6),
                Duration.ofMinutes(2),
                spec.retry() != null ? spec.retry() : RetrySpec.BACKUP,
                null)
            .backup(
                new BackupRequest(
                    context.idempotencyKey(step.name(), attempt),
                    plan.environment() + "-pre-" + plan.release(),
                    plan.database(),
                    spec,
                    context.baseline()));
    context.announce(
        "Backup "
            + backup.id()
            + " complete: "
            + backup.bytes()
            + " bytes"
            + (backup.sha256() == null ? "" : ", sha256 " + backup.sha256())
            + (backup.location() == null ? "" : ", at " + backup.location())
            + ".");
    return backup;
  }
}
