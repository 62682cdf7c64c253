package dev.greenlight.workflows.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.CheckRecord;
import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.RestoreTestResult;
import dev.greenlight.workflows.activities.VerificationActivities;
import dev.greenlight.workflows.activities.VerificationCandidates;
import dev.greenlight.workflows.status.NotifyResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The scheduled verification with time skipping: the timer loop runs again after its period as a
 * new run (also when a run could not start), a restore slower than the RTO is a failed check
 * recorded in the catalog and told to the war room, and a test that cannot run marks nothing
 * failed.
 */
class ScheduledVerificationTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(BackupVerificationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final String HOST = "db-1";

  private final VerificationActivities verifications =
      mock(VerificationActivities.class, withSettings().withoutAnnotations());
  private final NotificationActivities notifications =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());

  @Test
  void theLoopRunsAgainAfterItsPeriodAsANewRun(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    catalogOf("b-newest");
    when(verifications.restoreTest(any())).thenReturn(sound("b-newest", 60_000));
    start(env, worker);

    BackupVerificationWorkflow workflow =
        client.newWorkflowStub(BackupVerificationWorkflow.class, options);
    var first = WorkflowClient.start(workflow::verify, request(true, null));
    env.sleep(Duration.ofDays(7).plusHours(1));

    verify(verifications, times(2)).restoreTest(any());
    verify(verifications, times(2)).record(any());
    assertThat(client.fetchHistory(first.getWorkflowId(), first.getRunId()).getLastEvent())
        .extracting(e -> e.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(client.fetchHistory(first.getWorkflowId()).getEvents())
        .as("the second run waits for its next period")
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED);
    verify(notifications, never()).notify(any());
    WorkflowStub.fromTyped(workflow).terminate("test over");
  }

  @Test
  void aLoopWhoseRunCannotStartTellsTheWarRoomAndTriesAgainNextPeriod(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    when(verifications.candidates(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "cannot read the catalog /var/backups: gone", "CatalogUnreadable"));
    start(env, worker);

    BackupVerificationWorkflow workflow =
        client.newWorkflowStub(BackupVerificationWorkflow.class, options);
    var first = WorkflowClient.start(workflow::verify, request(true, null));
    env.sleep(Duration.ofDays(7).plusHours(1));

    verify(verifications, times(2)).candidates(any());
    ArgumentCaptor<Notification> told = ArgumentCaptor.forClass(Notification.class);
    verify(notifications, times(2)).notify(told.capture());
    assertThat(told.getValue().text())
        .isEqualTo(
            "backup verification of /var/backups on host db-1 could not run: cannot read the"
                + " catalog /var/backups: gone; the next run is in 7d");
    assertThat(client.fetchHistory(first.getWorkflowId(), first.getRunId()).getLastEvent())
        .extracting(e -> e.getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    WorkflowStub.fromTyped(workflow).terminate("test over");
  }

  @Test
  void aRestoreSlowerThanTheRtoIsAFailedCheckToldToTheWarRoom(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    catalogOf("b-newest");
    when(verifications.restoreTest(any())).thenReturn(sound("b-newest", 45 * 60_000));
    start(env, worker);

    BackupVerificationWorkflow workflow =
        client.newWorkflowStub(BackupVerificationWorkflow.class, options);
    WorkflowFailedException failed =
        catchThrowableOfType(
            () -> workflow.verify(request(false, Duration.ofMinutes(30))),
            WorkflowFailedException.class);

    assertThat(failed).isNotNull();
    ApplicationFailure reason = (ApplicationFailure) failed.getCause();
    assertThat(reason.getType()).isEqualTo(BackupVerificationWorkflow.CHECK_FAILED);
    ArgumentCaptor<CheckRecord> recorded = ArgumentCaptor.forClass(CheckRecord.class);
    verify(verifications).record(recorded.capture());
    BackupCheck check = recorded.getValue().check();
    assertThat(check.passed()).isFalse();
    assertThat(check.restoreMillis()).isEqualTo(45 * 60_000L);
    assertThat(check.detail()).contains("45m").contains("2700000 ms").contains("RTO of 30m");
    ArgumentCaptor<Notification> told = ArgumentCaptor.forClass(Notification.class);
    verify(notifications).notify(told.capture());
    assertThat(told.getValue().channel()).isEqualTo("#db-war-room");
    assertThat(told.getValue().text()).contains("b-newest").contains("over the RTO of 30m");
  }

  @Test
  void aTestThatCannotRunMarksNothingFailedButIsToldToTheWarRoom(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    catalogOf("b-newest");
    when(verifications.restoreTest(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("the scratch server is down", "Unreachable"));
    start(env, worker);

    BackupVerificationWorkflow workflow =
        client.newWorkflowStub(BackupVerificationWorkflow.class, options);
    catchThrowableOfType(
        () -> workflow.verify(request(false, null)), WorkflowFailedException.class);

    verify(verifications, never()).record(any());
    ArgumentCaptor<Notification> told = ArgumentCaptor.forClass(Notification.class);
    verify(notifications, atLeast(1)).notify(told.capture());
    assertThat(told.getValue().text()).contains("could not test: the scratch server is down");
  }

  private void catalogOf(String... ids) {
    Instant finished = Instant.parse("2026-11-30T02:00:00Z");
    List<VerificationCandidates.Candidate> backups =
        java.util.Arrays.stream(ids)
            .map(id -> new VerificationCandidates.Candidate(id, finished, null, null, false))
            .toList();
    when(verifications.candidates(any()))
        .thenReturn(new VerificationCandidates(HOST, "/var/backups", backups));
  }

  private void start(TestWorkflowEnvironment env, Worker worker) {
    when(notifications.notify(any())).thenReturn(new NotifyResult("log", "told"));
    worker.registerActivitiesImplementations(notifications);
    env.newWorker(TaskQueues.host(HOST)).registerActivitiesImplementations(verifications);
    env.start();
  }

  private static RestoreTestResult sound(String id, long millis) {
    return new RestoreTestResult(
        id, BackupCheck.LOCAL, true, null, millis, 4, 11, "4 tables match the manifest's baseline");
  }

  private static VerificationRequest request(boolean loop, Duration rto) {
    return new VerificationRequest(
        HOST,
        "/var/backups",
        Duration.ofDays(7),
        Duration.ofDays(28),
        VerificationRequest.DEFAULT_PER_RUN,
        null,
        rto,
        "#db-war-room",
        loop,
        0,
        null,
        null);
  }
}
