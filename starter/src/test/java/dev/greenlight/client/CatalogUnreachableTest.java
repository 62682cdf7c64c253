package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.workflows.activities.CatalogRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A catalog command whose host has no worker, or with no worker at all, ends with one line and exit
 * 5 instead of waiting forever (the no-worker wait shortened to 1 s here).
 */
class CatalogUnreachableTest {

  private final TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    environment.close();
  }

  /**
   * The failure a catalog workflow ends with when its host's worker does not pick the activity up
   * within the schedule-to-start timeout (checked once against the test server, which does not skip
   * that timeout: 30 s; built here so the suite does not wait).
   */
  @Test
  void aHostWithoutAWorker() {
    WorkflowFailedException failed =
        new WorkflowFailedException(
            WorkflowExecution.newBuilder().setWorkflowId("backups-list-z-1").build(),
            "BackupsList",
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            5,
            RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
            new ActivityFailure(
                "Activity task timed out",
                5,
                0,
                "CatalogList",
                "1",
                RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
                "",
                new TimeoutFailure(
                    "activity ScheduleToStart timeout",
                    null,
                    TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)));
    GreenlightException e = Catalogs.failed(failed, "z", null);
    assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(e.getMessage())
        .isEqualTo(
            "no worker polls task queue greenlight-host-z; is the worker on host z running"
                + " (greenlight worker --host-name z)?");
  }

  @Test
  void noWorkerAtAll() {
    environment.start();
    GreenlightException e =
        catchThrowableOfType(
            GreenlightException.class,
            () ->
                new Catalogs(environment.getWorkflowClient(), "tester", Duration.ofSeconds(1))
                    .list(new CatalogRequest(null, null)));
    assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(e.getMessage())
        .startsWith("no Greenlight worker answered on task queue greenlight within 1s;");
  }
}
