package dev.greenlight.workflows.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.RestoreTestResult;
import dev.greenlight.workflows.activities.VerificationActivities;
import dev.greenlight.workflows.activities.VerificationCandidates;
import dev.greenlight.workflows.status.NotifyResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the histories of the scheduled verification that {@code ReplayTest} replays (see {@code
 * RecordHistories} for how to run it). Never overwrite an existing history.
 */
@EnabledIfSystemProperty(named = "greenlight.record", matches = ".+")
class RecordVerificationHistories {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(BackupVerificationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  /** One scheduled run: the newest passes, an older one breaks the RTO; the war room is told. */
  @Test
  void verificationV1(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    VerificationActivities verifications =
        mock(VerificationActivities.class, withSettings().withoutAnnotations());
    Instant finished = Instant.parse("2026-11-30T02:00:00Z");
    when(verifications.candidates(any()))
        .thenReturn(
            new VerificationCandidates(
                "db-1",
                "/var/backups",
                List.of(
                    new VerificationCandidates.Candidate("b-2", finished, null, null, true),
                    new VerificationCandidates.Candidate(
                        "b-1", finished.minus(Duration.ofDays(1)), null, null, false))));
    when(verifications.restoreTest(argThat(r -> r != null && r.backupId().equals("b-2"))))
        .thenReturn(
            new RestoreTestResult("b-2", BackupCheck.LOCAL, true, null, 60_000, 4, 11, "4 tables"));
    when(verifications.restoreTest(argThat(r -> r != null && r.backupId().equals("b-1"))))
        .thenReturn(
            new RestoreTestResult(
                "b-1", BackupCheck.LOCAL, true, null, 45 * 60_000, 4, 11, "4 tables"));
    NotificationActivities notifications =
        mock(NotificationActivities.class, withSettings().withoutAnnotations());
    when(notifications.notify(any())).thenReturn(new NotifyResult("C0WARROOM", "ok"));
    worker.registerActivitiesImplementations(notifications);
    env.newWorker(TaskQueues.host("db-1")).registerActivitiesImplementations(verifications);
    env.start();

    BackupVerificationWorkflow workflow =
        client.newWorkflowStub(BackupVerificationWorkflow.class, options);
    var execution =
        WorkflowClient.start(
            workflow::verify,
            new VerificationRequest(
                "db-1",
                "/var/backups",
                Duration.ofDays(7),
                Duration.ofDays(28),
                3,
                null,
                Duration.ofMinutes(30),
                "C0WARROOM",
                true,
                0,
                null,
                null));
    env.sleep(Duration.ofDays(7).plusHours(1));

    Path file = Path.of(System.getProperty("greenlight.record")).resolve("verification-v1.json");
    assertThat(file).doesNotExist();
    Files.writeString(
        file, client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).toJson(true));
  }
}
