package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} follows a run that gains a step (the rollback gate a failed change opens) and shows
 * the new end states.
 */
class StatusTextRollbackTest {

  @Test
  void aStepAddedDuringTheRunIsShownAndTheEndStateNamed() {
    StepStatus failed =
        new StepStatus(
            "verify-change",
            "verify-change",
            StepState.FAILED,
            Instant.EPOCH,
            Instant.EPOCH,
            "not as declared",
            null,
            null,
            null);
    StepStatus restored =
        new StepStatus(
            "rollback",
            "rollback",
            StepState.SUCCEEDED,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null,
            null);
    DeploymentStatus before = status(DeploymentState.RUNNING, List.of(failed));
    DeploymentStatus after = status(DeploymentState.ROLLED_BACK, List.of(failed, restored));

    List<String> lines = StatusText.changes(before, after, Instant.parse("2026-12-01T19:00:00Z"));

    assertThat(lines).anyMatch(line -> line.contains("rollback") && line.contains("done"));
    assertThat(lines.get(lines.size() - 1)).endsWith("deployment ROLLED_BACK");
    assertThat(StatusText.full(after).get(0)).isEqualTo("deploy-x: ROLLED_BACK");
  }

  private static DeploymentStatus status(DeploymentState state, List<StepStatus> steps) {
    return new DeploymentStatus(
        "deploy-x",
        "x",
        "production",
        "menuca",
        state,
        "brian",
        Instant.EPOCH,
        null,
        null,
        null,
        null,
        0,
        null,
        Map.of(),
        steps,
        null,
        null,
        null,
        null);
  }
}
