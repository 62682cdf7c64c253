package dev.greenlight.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deployments recorded with earlier versions of the workflow still replay on this one: a change
 * that would break a running deployment (non-determinism) fails here, in CI, before a worker with
 * it meets a real history. Add a history here whenever the workflow records something new.
 *
 * <p>{@code v0-*}: recorded before progress was shown in the Temporal UI (no search attributes).
 * {@code v1-*}: with search attributes ({@code Workflow.getVersion("ui-progress")} = 1). {@code
 * v2-*}: the war room told from its own thread ({@code "async-war-room"} = 1), with a Slack
 * message, a reminding gate and an escalation. {@code v3-*}: steps as plug-ins (specs with a {@code
 * kind}, results under {@code result}), with a backup that failed verification, was taken again and
 * then verified; recorded by {@link RecordHistories}. {@code v4-*}: the same run with progress
 * shown once per workflow task ({@code "progress-per-task"} = 1).
 */
class ReplayTest {

  static final List<String> HISTORIES =
      List.of(
          "histories/v0-succeeded.json",
          "histories/v0-rejected.json",
          "histories/v0-aborted.json",
          "histories/v1-succeeded.json",
          "histories/v1-aborted.json",
          "histories/v2-slack-reminders-escalation.json",
          "histories/v3-plug-in-steps-backup-retry.json",
          "histories/v4-progress-per-task.json");

  static List<String> histories() {
    return HISTORIES;
  }

  /**
   * Reads the newest input and status types once before replaying: a cold Jackson on a loaded
   * machine can hold the first replay's workflow thread past the SDK's 1 s deadlock detector.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    String json;
    try (InputStream in =
        ReplayTest.class
            .getClassLoader()
            .getResourceAsStream(HISTORIES.get(HISTORIES.size() - 1))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var events = WorkflowExecutionHistory.fromJson(json).getEvents();
    GlobalDataConverter.get()
        .fromPayload(
            events.get(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0),
            StartDeployment.class,
            StartDeployment.class);
    GlobalDataConverter.get()
        .fromPayload(
            events
                .get(events.size() - 1)
                .getWorkflowExecutionCompletedEventAttributes()
                .getResult()
                .getPayloads(0),
            dev.greenlight.workflows.status.DeploymentStatus.class,
            dev.greenlight.workflows.status.DeploymentStatus.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void recordedHistoriesReplay(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(history, DeploymentWorkflowImpl.class);
  }
}
