package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.activities.CheckRecord;
import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.RestoreTestRequest;
import dev.greenlight.workflows.activities.RestoreTestResult;
import dev.greenlight.workflows.activities.VerificationActivities;
import dev.greenlight.workflows.activities.VerificationCandidates;
import dev.greenlight.workflows.format.Durations;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public class BackupVerificationWorkflowImpl implements BackupVerificationWorkflow {

  private static final Logger log = Workflow.getLogger(BackupVerificationWorkflowImpl.class);

  @Override
  public VerificationReport verify(VerificationRequest request) {
    if (!request.loop()) {
      VerificationReport report = runOnce(request);
      if (!report.allPassed()) {
        throw ApplicationFailure.newNonRetryableFailure(
            failureText(report, ": ", "; "), CHECK_FAILED, report);
      }
      return report;
    }
    try {
      runOnce(request);
    } catch (ActivityFailure e) {
      // the host's worker or its catalog was not there: say so, and try again next period
      tell(
          request,
          "backup verification of "
              + (request.directory() == null ? "the default catalog" : request.directory())
              + (request.host() == null ? "" : " on host " + request.host())
              + " could not run: "
              + reason(e)
              + "; the next run is in "
              + Durations.format(request.every()));
    }
    Workflow.sleep(request.every());
    Workflow.continueAsNew(request.next());
    throw new IllegalStateException("continue-as-new returned");
  }

  /** One run: choose, restore-test each, record, tell the war room about failures. */
  private VerificationReport runOnce(VerificationRequest request) {
    VerificationActivities catalog =
        CatalogRoute.stub(
            VerificationActivities.class,
            request.host(),
            "list the backups to verify",
            Duration.ofMinutes(2),
            null);
    VerificationActivities restoreTests =
        CatalogRoute.stub(
            VerificationActivities.class,
            request.host(),
            "restore test",
            Duration.ofHours(12),
            Duration.ofMinutes(1));
    VerificationCandidates candidates =
        catalog.candidates(new CatalogRequest(request.host(), request.directory()));
    Instant now = now();
    List<VerificationSelection.Choice> choices;
    if (request.backupId() == null) {
      choices =
          VerificationSelection.choose(
              candidates.backups(), now, request.coverage(), request.perRun());
    } else if (candidates.backups().stream()
        .anyMatch(c -> c.backupId().equals(request.backupId()))) {
      choices =
          List.of(
              new VerificationSelection.Choice(
                  request.backupId(), request.copy() == null ? BackupCheck.LOCAL : request.copy()));
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "no backup " + request.backupId() + " in " + candidates.directory(),
          CatalogActivities.NOT_FOUND);
    }
    List<VerificationReport.Outcome> outcomes = new ArrayList<>();
    List<VerificationReport.Outcome> unchecked = new ArrayList<>();
    for (VerificationSelection.Choice choice : choices) {
      RestoreTestResult result;
      try {
        result =
            restoreTests.restoreTest(
                new RestoreTestRequest(
                    request.host(),
                    request.directory(),
                    choice.backupId(),
                    choice.copy(),
                    request.scratchUrl()));
      } catch (ActivityFailure e) {
        String why = reason(e);
        unchecked.add(
            new VerificationReport.Outcome(
                choice.backupId(),
                new BackupCheck(now(), false, choice.copy(), null, "could not test: " + why)));
        continue;
      }
      BackupCheck check = verdict(result, request.rto());
      catalog.record(
          new CheckRecord(request.host(), request.directory(), choice.backupId(), check));
      outcomes.add(new VerificationReport.Outcome(choice.backupId(), check));
    }
    VerificationReport report =
        new VerificationReport(candidates.host(), candidates.directory(), outcomes, unchecked);
    if (!report.allPassed()) {
      tellWarRoom(request, report);
    }
    log.info(
        "verified {} backups of {} on host {}: {}",
        outcomes.size(),
        report.directory(),
        report.host(),
        report.allPassed() ? "all passed" : "not all passed");
    return report;
  }

  /**
   * The check a restore test makes: sound, and restored within the RTO. A slower restore fails with
   * both figures.
   */
  static BackupCheck verdict(RestoreTestResult result, Duration rto, Instant at) {
    if (!result.sound()) {
      return new BackupCheck(at, false, result.copy(), result.restoreMillis(), result.problem());
    }
    if (rto != null && result.restoreMillis() > rto.toMillis()) {
      return new BackupCheck(
          at,
          false,
          result.copy(),
          result.restoreMillis(),
          "the restore took "
              + Durations.format(Duration.ofMillis(result.restoreMillis()))
              + " ("
              + result.restoreMillis()
              + " ms), over the RTO of "
              + Durations.format(rto));
    }
    return new BackupCheck(at, true, result.copy(), result.restoreMillis(), result.note());
  }

  private static BackupCheck verdict(RestoreTestResult result, Duration rto) {
    return verdict(result, rto, now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String reason(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
  }

  private static void tellWarRoom(VerificationRequest request, VerificationReport report) {
    tell(request, failureText(report, ":\n• ", "\n• "));
  }

  private static void tell(VerificationRequest request, String text) {
    NotificationActivities notifications =
        Workflow.newActivityStub(
            NotificationActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
                .setSummary("tell the war room")
                .build());
    try {
      notifications.notify(
          new Notification(
              Workflow.getInfo().getWorkflowId(),
              "backup-verification",
              request.host() == null ? "any" : request.host(),
              text,
              request.warRoom(),
              null));
    } catch (ActivityFailure e) {
      log.warn("the war room could not be told: {}", e.getMessage());
    }
  }

  /** What failed: a heading, {@code lead}, then each backup, {@code separator} between. */
  static String failureText(VerificationReport report, String lead, String separator) {
    List<String> items = new ArrayList<>();
    for (VerificationReport.Outcome o : report.outcomes()) {
      if (!o.check().passed()) {
        items.add(o.backupId() + " (" + o.check().copy() + " copy): " + o.check().detail());
      }
    }
    for (VerificationReport.Outcome o : report.unchecked()) {
      items.add(o.backupId() + ": " + o.check().detail());
    }
    return "backup verification of "
        + report.directory()
        + " on host "
        + report.host()
        + " failed"
        + lead
        + String.join(separator, items);
  }
}
