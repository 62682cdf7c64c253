package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.BaselineRequest;
import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.WriteCounters;
import dev.greenlight.workflows.change.ChangeDiff;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.RollbackSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.RestoreResult;
import dev.greenlight.workflows.status.RollbackResult;
import dev.greenlight.workflows.status.RowCounters;
import dev.greenlight.workflows.status.StepResult;
import dev.greenlight.workflows.status.StepState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gated way back. Measures the rows written since the baseline, shows them with what failed and
 * the backup to restore, and opens the step's gate ({@link GateRunner}: the same rules, reminders,
 * updates, CLI and Slack buttons). Rejected or expired: the run ends FAILED with the database as it
 * is. Approved: an emergency backup of the target ({@value RollbackSpec#EMERGENCY_LABEL}), the
 * restore of the verified backup on its host, a new baseline compared with the one before the
 * change; the run ends ROLLED_BACK, or ROLLBACK_FAILED saying what state the database is in.
 */
final class RollbackRunner implements StepRunner<RollbackSpec> {

  private static final GateRunner GATE = new GateRunner();

  @Override
  public StepResult run(StepRun step, RollbackSpec spec, RunContext context) {
    DatabaseTarget target = context.plan().database();
    RollbackResult result = preview(step, spec, context);
    step.result(result);
    context.announce(
        "Rollback of "
            + target.expectDatabase()
            + " to backup "
            + spec.backup().id()
            + " awaits "
            + spec.gate().required()
            + " of "
            + context.mentions(spec.gate().approvers())
            + " (gate "
            + step.name()
            + "): "
            + result.summary()
            + ".\n```\n"
            + String.join("\n", result.details())
            + "\n```");
    GATE.begin(step, context);
    try {
      GATE.run(step, spec.gate(), context);
    } catch (ApplicationFailure stopped) {
      String why =
          "the rollback was declined: "
              + stopped.getOriginalMessage()
              + "; the database is as "
              + (spec.failedStep() == null
                  ? "it was, nothing restored"
                  : "the failed " + spec.failedStep() + " left it, nothing restored");
      context.announce("Rollback declined: " + stopped.getOriginalMessage() + ".");
      throw ApplicationFailure.newNonRetryableFailure(
          (spec.failure() == null || spec.failedStep() == null
                  ? ""
                  : "step " + spec.failedStep() + " failed: " + spec.failure() + "; ")
              + why,
          StepFailures.ROLLBACK_DECLINED);
    }
    step.begin(StepState.RUNNING, step.startedAt());
    context.publish();
    context.announce(
        "Rollback approved: emergency backup of "
            + target.expectDatabase()
            + ", then the restore.");

    String backupId = spec.backup().id();
    try {
      RestoreRunner.check(step, spec.host(), spec.directory(), backupId);
    } catch (ActivityFailure failure) {
      throw failed(
          step,
          "backup "
              + backupId
              + " failed its check before the restore: "
              + describe(failure)
              + "; nothing was restored: the database is as it was before the rollback",
          context);
    }
    BackupResult emergency;
    try {
      emergency =
          RestoreRunner.emergencyBackup(
              step,
              spec.host(),
              spec.directory(),
              spec.encrypt(),
              RollbackSpec.EMERGENCY_LABEL,
              context);
    } catch (ActivityFailure failure) {
      throw failed(
          step,
          "the emergency backup failed: "
              + describe(failure)
              + "; nothing was restored: the database is as it was before the rollback",
          context);
    }
    result = result.withEmergencyBackup(emergency);
    step.result(result);
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
            + backupId
            + ".");

    RestoreResult restored;
    try {
      restored =
          RestoreRunner.restore(
              step,
              spec.host(),
              spec.directory(),
              backupId,
              spec.historyTables() != null
                  ? spec.historyTables()
                  : RestoreRunner.historyTables(context.plan()),
              context);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure refused
          && RestoreActivities.RESTORE_BLOCKED.equals(refused.getType())) {
        throw failed(
            step,
            "the restore of "
                + backupId
                + " was refused: "
                + refused.getOriginalMessage()
                + "; the database is as it was before the rollback (emergency backup "
                + emergency.id()
                + ")",
            context);
      }
      if (failure.getCause() instanceof ApplicationFailure notStarted
          && RestoreActivities.RESTORE_NOT_STARTED.equals(notStarted.getType())) {
        throw failed(
            step,
            "the restore of "
                + backupId
                + " did not start: "
                + notStarted.getOriginalMessage()
                + "; pg_restore did not run, so the database is as it was before the rollback"
                + " (emergency backup "
                + emergency.id()
                + "), apart from history tables the backup lacks that were already dropped",
            context);
      }
      throw failed(
          step,
          "the restore of "
              + backupId
              + " failed: "
              + describe(failure)
              + ". pg_restore --clean failed midway: the database is partially restored;"
              + " emergency backup "
              + emergency.id()
              + " holds the state before the rollback",
          context);
    }
    result = result.withRestore(restored);
    step.result(result);
    context.publish();

    if (spec.baseline() != null && spec.baselineSpec() != null) {
      BaselineResult after;
      try {
        after =
            ActivityStubs.stub(
                    DatabaseActivities.class,
                    step.name() + ": baseline after the restore",
                    Duration.ofHours(2),
                    Duration.ofMinutes(1),
                    ActivityStubs.CHECK_RETRY,
                    null)
                .baseline(new BaselineRequest(target, spec.baselineSpec()));
      } catch (ActivityFailure failure) {
        throw failed(
            step,
            "restored "
                + backupId
                + ", but the baseline after it failed: "
                + describe(failure)
                + "; emergency backup "
                + emergency.id()
                + " holds the state before the rollback",
            context);
      }
      ChangeVerification comparison =
          ChangeDiff.compare(
              spec.baseline(),
              new ChangeObservation(after, List.of()),
              new VerifyChangeSpec(List.of(), null, null, null, List.of(), null),
              context.now());
      result = result.withComparison(comparison);
      step.result(result);
      context.announce(
          (comparison.passed()
                  ? "After the restore the database matches the baseline:"
                  : "After the restore the database does NOT match the baseline:")
              + "\n```\n"
              + String.join("\n", comparison.table())
              + "\n```");
      if (!comparison.passed()) {
        throw failed(
            step,
            "restored "
                + backupId
                + ", but the database does not match the baseline before the change ("
                + comparison.reason()
                + "); emergency backup "
                + emergency.id()
                + " holds the state before the rollback",
            context);
      }
    }
    context.recordRolledBack();
    context.announce(
        "Restored "
            + backupId
            + " into "
            + target.expectDatabase()
            + "."
            + (restored.cleanup() == null || restored.cleanup().lines().isEmpty()
                ? ""
                : "\n```\n" + String.join("\n", restored.cleanup().lines()) + "\n```"));
    return result;
  }

  /** What approvers see: what failed, the backup, and the rows written since the baseline. */
  private static RollbackResult preview(StepRun step, RollbackSpec spec, RunContext context) {
    List<RowCounters> lost = null;
    String note = null;
    java.time.Instant at = null;
    BaselineResult baseline = spec.baseline();
    if (baseline == null || spec.baselineSpec() == null) {
      note = "no baseline before the change";
    } else if (baseline.counters() == null) {
      note = "the baseline did not record write counters";
    } else {
      try {
        WriteCounters now =
            ActivityStubs.stub(
                    DatabaseActivities.class,
                    step.name() + ": rows written since the baseline",
                    Duration.ofMinutes(10),
                    null,
                    ActivityStubs.CHECK_RETRY,
                    null)
                .writeCounters(new BaselineRequest(context.plan().database(), spec.baselineSpec()));
        if (now == null) {
          note = "not measured";
        } else {
          lost = since(baseline.counters(), now.tables());
          at = now.at();
        }
      } catch (ActivityFailure failure) {
        if (failure.getCause() instanceof CanceledFailure canceled) {
          throw canceled;
        }
        note = "could not be read: " + describe(failure);
      }
    }
    return new RollbackResult(
        spec.failedStep(),
        spec.failure(),
        spec.diff(),
        spec.backup(),
        lost,
        note,
        at,
        null,
        0,
        null,
        null,
        null);
  }

  /** Per table, the rows written between the two readings; tables new since count all theirs. */
  static List<RowCounters> since(List<RowCounters> before, List<RowCounters> now) {
    Map<String, RowCounters> was = new LinkedHashMap<>();
    before.forEach(row -> was.put(row.qualifiedName(), row));
    List<RowCounters> written = new ArrayList<>();
    for (RowCounters row : now) {
      written.add(row.since(was.get(row.qualifiedName())));
    }
    return written;
  }

  private static ApplicationFailure failed(StepRun step, String why, RunContext context) {
    step.fail(why, context.now());
    context.announce("ROLLBACK FAILED: " + why + ".");
    return ApplicationFailure.newNonRetryableFailure(
        "the rollback failed: " + why, StepFailures.ROLLBACK_FAILED);
  }

  private static String describe(ActivityFailure failure) {
    if (failure.getCause() instanceof CanceledFailure canceled) {
      throw canceled;
    }
    return Failures.describe(failure.getCause());
  }
}
