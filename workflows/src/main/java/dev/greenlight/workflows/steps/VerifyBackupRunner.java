package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.StepResult;
import dev.greenlight.workflows.status.VerificationResult;
import dev.greenlight.workflows.status.VerifiedBackup;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Verifies the run's latest backup. If it fails verification, takes one more backup and verifies
 * that (the runbook's "retry once"); if that fails too, the step fails with both reasons. A backup
 * that passes becomes the run's way back.
 */
final class VerifyBackupRunner implements StepRunner<VerifyBackupSpec> {

  @Override
  public StepResult run(StepRun step, VerifyBackupSpec spec, RunContext context) {
    VerificationResult verification;
    try {
      verification = verifier(step, context).verify(request(spec, context));
    } catch (ActivityFailure failure) {
      if (!isVerificationFailure(failure)) {
        throw failure;
      }
      String first = Failures.describe(failure.getCause());
      context.announce(
          "Backup "
              + context.backup().id()
              + " failed verification: "
              + first
              + ". Taking one more backup.");
      StepRun backupStep = context.backupStep();
      backupStep.result(
          BackupRunner.take(backupStep, (BackupSpec) backupStep.step().spec(), 1, context));
      try {
        verification = verifier(step, context).verify(request(spec, context));
      } catch (ActivityFailure again) {
        if (!isVerificationFailure(again)) {
          throw again;
        }
        throw StepFailures.stepFailed(
            step,
            "the backup failed verification twice: "
                + first
                + "; then: "
                + Failures.describe(again.getCause()),
            context);
      }
      step.note("the first backup failed verification (" + first + "); the second passed");
    }
    BackupResult backup = context.backup();
    context.recordVerifiedBackup(
        new VerifiedBackup(
            backup.id(),
            backup.location(),
            backup.bytes(),
            backup.sha256(),
            verification.restoreTested(),
            verification.verifiedAt(),
            verification.restoreTested() ? verification.restoreMillis() : null));
    return verification;
  }

  /**
   * Verification reads the archive, so it runs on the host that wrote it: the backup names its
   * worker's host queue. Runs started before version 1 of {@code "verify-on-backup-host"} verify on
   * the shared queue as they always did.
   */
  private static BackupActivities verifier(StepRun step, RunContext context) {
    int version = Workflow.getVersion("verify-on-backup-host", Workflow.DEFAULT_VERSION, 1);
    String host = version >= 1 ? context.backup().taskQueue() : null;
    return ActivityStubs.stub(
        BackupActivities.class,
        step.name(),
        Duration.ofHours(6),
        Duration.ofMinutes(2),
        ActivityStubs.CHECK_RETRY,
        host);
  }

  private static VerifyRequest request(VerifyBackupSpec spec, RunContext context) {
    return new VerifyRequest(context.backup(), spec, context.plan().database(), context.baseline());
  }

  private static boolean isVerificationFailure(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        && BackupActivities.VERIFICATION_FAILED.equals(app.getType());
  }
}
