package dev.greenlight.workflows;

import dev.greenlight.workflows.catalog.BackupVerificationWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
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
 * then verified; and a restore (a gate, then check, emergency backup and restore on a host queue);
 * recorded by {@link RecordHistories}. {@code v4-*}: the change applied (one activity per file,
 * progress in the status) and verified against the baseline and the plan. {@code
 * v4-progress-per-task}: progress shown once per workflow task ({@code "progress-per-task"} = 1).
 * {@code v5-*}: signed decisions (a signed start checked in a side effect, approvals signed by a
 * person and by the Slack gateway) and evidence (a gate after a verified backup rechecking it,
 * {@code "evidence-recheck"} = 1, and voiding an approval when the archive went missing). {@code
 * v6-rollback}: a change that failed verification, the plan's rollback gate ({@code
 * "rollback-gate"} = 1) approved, emergency backup, restore and the baseline compared.
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
          "histories/v3-restore.json",
          "histories/v4-apply-and-verify-change.json",
          "histories/v4-progress-per-task.json",
          "histories/v5-signed-decisions-evidence.json",
          "histories/v6-rollback.json");

  static List<String> histories() {
    return HISTORIES;
  }

  /**
   * Histories of the scheduled backup verification ({@code RecordVerificationHistories}): v1, one
   * run with a passed check and an RTO breach told to the war room, then its continue-as-new.
   */
  static final List<String> VERIFICATION_HISTORIES = List.of("histories/verification-v1.json");

  static List<String> verificationHistories() {
    return VERIFICATION_HISTORIES;
  }

  /**
   * Loads and links the payload types before the first replay. The replayer's deadlock detector
   * gives a workflow thread one second between yields, and on a busy machine the first
   * deserialization of a plan (Jackson introspecting every record) can take longer than that.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    for (String history : HISTORIES) {
      RecordedInputsTest.startOf(history);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void recordedHistoriesReplay(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(history, DeploymentWorkflowImpl.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verificationHistories")
  void recordedVerificationHistoriesReplay(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        history, BackupVerificationWorkflowImpl.class);
  }
}
