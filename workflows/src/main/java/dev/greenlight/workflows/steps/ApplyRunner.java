package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.StepResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the change: one activity per file, in order, each recorded in the target's schema
 * history, so a retried or resumed attempt finds a committed file already applied. After each file
 * the status, the Temporal UI and the war room show the progress; a file that fails ends the step
 * with its name, line and PostgreSQL's message, and no later file runs.
 */
final class ApplyRunner implements StepRunner<ApplySpec> {

  /** Versions of plain SQL files: the step's start time, then the file's position. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

  @Override
  public StepResult run(StepRun step, ApplySpec spec, RunContext context) {
    List<ChangeFile> files = versioned(step, spec);
    List<AppliedFile> progress = new ArrayList<>();
    for (ChangeFile file : files) {
      progress.add(
          new AppliedFile(
              file.name(), file.version(), file.sha256(), FileState.PENDING, 0, 0, 0, null));
    }
    ChangeActivities change =
        ActivityStubs.stub(
            ChangeActivities.class,
            step.name(),
            Duration.ofHours(6),
            // Short: the SDK sends heartbeats at 80 % of it, and an abort reaches a running file
            // (and a dead worker is noticed) on a heartbeat.
            Duration.ofSeconds(20),
            spec.retry() != null ? spec.retry() : ApplySpec.DEFAULT_RETRY,
            null);
    context.announce(
        "Applying "
            + files.size()
            + (files.size() == 1 ? " file" : " files")
            + " to "
            + context.plan().database().expectDatabase()
            + ": "
            + String.join(", ", files.stream().map(ChangeFile::name).toList())
            + ".");
    for (int i = 0; i < files.size(); i++) {
      ChangeFile file = files.get(i);
      progress.set(i, progress.get(i).as(FileState.RUNNING, null));
      show(step, spec, progress, context);
      AppliedFile done;
      try {
        done =
            change.apply(
                new ApplyRequest(
                    context.plan().database(),
                    file,
                    spec.historyTable(),
                    !spec.versioned(),
                    spec.lockTimeout(),
                    spec.statementTimeout(),
                    i + 1,
                    files.size()));
      } catch (ActivityFailure failure) {
        if (failure.getCause() instanceof CanceledFailure) {
          interrupted(step, spec, progress, i, context);
          throw failure;
        }
        String why = Failures.describe(failure.getCause());
        progress.set(i, progress.get(i).as(FileState.FAILED, why));
        step.result(new ApplyResult(spec.historyTable(), progress));
        int later = files.size() - i - 1;
        String notRun =
            later == 0
                ? ""
                : "; " + later + (later == 1 ? " later file" : " later files") + " not run";
        context.announce(
            file.name()
                + " FAILED ("
                + (i + 1)
                + " of "
                + files.size()
                + "): "
                + why
                + notRun
                + ".");
        throw StepFailures.stepFailed(step, why + notRun, context);
      } catch (CanceledFailure canceled) {
        interrupted(step, spec, progress, i, context);
        throw canceled;
      }
      progress.set(i, done);
      show(step, spec, progress, context);
      context.announce(done.describe() + ", " + (i + 1) + " of " + files.size() + ".");
    }
    return new ApplyResult(spec.historyTable(), progress);
  }

  /** The files with their Flyway versions: from their names, or made for plain SQL files. */
  private static List<ChangeFile> versioned(StepRun step, ApplySpec spec) {
    if (spec.versioned()) {
      return spec.files();
    }
    String stamp = STAMP.format(step.startedAt());
    List<ChangeFile> files = new ArrayList<>();
    for (int i = 0; i < spec.files().size(); i++) {
      ChangeFile file = spec.files().get(i);
      files.add(
          new ChangeFile(
              file.name(), stamp + "." + (i + 1), file.sha256(), file.bytes(), file.sql()));
    }
    return files;
  }

  private static void show(
      StepRun step, ApplySpec spec, List<AppliedFile> progress, RunContext context) {
    step.result(new ApplyResult(spec.historyTable(), progress));
    context.publish();
  }

  private static void interrupted(
      StepRun step, ApplySpec spec, List<AppliedFile> progress, int index, RunContext context) {
    progress.set(
        index,
        progress
            .get(index)
            .as(
                FileState.INTERRUPTED,
                "the abort stopped it; whether it committed is in " + spec.historyTable()));
    step.result(new ApplyResult(spec.historyTable(), progress));
  }
}
