package dev.greenlight.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.GateStatus;
import dev.greenlight.workflows.status.RollbackResult;
import dev.greenlight.workflows.status.RowCounters;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import dev.greenlight.workflows.status.VerifiedBackup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The war room's living message shows an open rollback gate with what its approvers decide on (what
 * failed, the backup, the rows that would be lost) and its buttons, and the new end states.
 */
class RollbackBlocksTest {

  @Test
  void anOpenRollbackGateShowsItsDetailsAndButtons() {
    DeploymentStatus status = status(DeploymentState.WAITING_FOR_APPROVAL, GateState.OPEN);

    List<LayoutBlock> blocks = StatusBlocks.blocks(status);

    String text = texts(blocks);
    assertThat(text)
        .contains("rollback — waiting for <@U03> (0 of 1)")
        .contains("failed: verify-change: not as declared: menuca_v3.orders rows -301")
        .contains("restore-tested: yes, in 5.1 s (the expected restore time)")
        .containsPattern("menuca_v3\\.orders\\s+0\\s+0\\s+301");
    assertThat(blocks).anyMatch(block -> block.getType().equals("actions"));
  }

  @Test
  void theEndStatesAreShownByName() {
    assertThat(StatusBlocks.text(status(DeploymentState.ROLLED_BACK, GateState.APPROVED)))
        .isEqualTo("Deploy menuca-v3 to production: ROLLED_BACK");
    assertThat(
            texts(StatusBlocks.blocks(status(DeploymentState.ROLLBACK_FAILED, GateState.APPROVED))))
        .contains("*ROLLBACK_FAILED*");
  }

  private static String texts(List<LayoutBlock> blocks) {
    StringBuilder text = new StringBuilder();
    for (LayoutBlock block : blocks) {
      if (block instanceof SectionBlock section && section.getText() != null) {
        text.append(section.getText().getText()).append('\n');
      }
    }
    return text.toString();
  }

  private static DeploymentStatus status(DeploymentState state, GateState gate) {
    RollbackResult preview =
        new RollbackResult(
            "verify-change",
            "not as declared: menuca_v3.orders rows -301 (expected -80)",
            List.of(),
            new VerifiedBackup("b-1", "/b/b-1", 4096, "sha-b-1", true, Instant.EPOCH, 5100L),
            List.of(new RowCounters("menuca_v3", "orders", 0, 0, 301)),
            null,
            Instant.EPOCH,
            null,
            0,
            null,
            null,
            null);
    StepStatus rollback =
        new StepStatus(
            "rollback",
            "rollback",
            gate == GateState.OPEN ? StepState.WAITING_FOR_APPROVAL : StepState.SUCCEEDED,
            Instant.EPOCH,
            null,
            null,
            null,
            new GateStatus(
                gate,
                List.of("dana"),
                1,
                List.of(),
                null,
                gate == GateState.OPEN ? List.of("dana") : List.of(),
                List.of("Restore backup b-1"),
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                List.of()),
            preview);
    return new DeploymentStatus(
        "deploy-menuca-v3-production",
        "menuca-v3",
        "production",
        "menuca",
        state,
        "brian",
        Instant.EPOCH,
        null,
        state.isFinal() ? null : "rollback",
        null,
        null,
        0,
        null,
        Map.of("dana", new Approver("U03")),
        List.of(rollback),
        null,
        null,
        null,
        null);
  }
}
