package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RollbackGate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plan's {@code rollback:} is read with a gate's ranges and rules, or refused in one line naming
 * file, line and field.
 */
class RollbackPlanTest {

  private static final String HEAD =
      """
      release: menuca
      environment: production
      database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
      approvers: { santiago: {}, dana: {}, brian: {} }
      steps:
        - baseline: { schemas: [menuca_v3] }
        - backup: { directory: /backups }
        - verify-backup: {}
        - verify-change: { expect: { tables: { menuca_v3.orders: "-5" } } }
      """;

  @Test
  void readsTheRollbackSection() throws Exception {
    Plan plan =
        new PlanReader("brian")
            .parse(
                "plan.yaml",
                HEAD + "rollback: { approvers: [santiago, dana], required: 2, timeout: 1h }\n");

    assertThat(plan.rollback())
        .isEqualTo(new RollbackGate(List.of("santiago", "dana"), 2, Duration.ofHours(1)));
  }

  @Test
  void defaultsAreOneApprovalWithinTheGateTimeout() throws Exception {
    Plan plan = new PlanReader().parse("plan.yaml", HEAD + "rollback: { approvers: [dana] }\n");

    assertThat(plan.rollback())
        .isEqualTo(new RollbackGate(List.of("dana"), 1, Duration.ofHours(24)));
  }

  @Test
  void aPlanWithoutItHasNone() throws Exception {
    assertThat(new PlanReader().parse("plan.yaml", HEAD).rollback()).isNull();
  }

  @Test
  void refusals() {
    refused(
        "rollback: { approvers: [carol] }",
        "plan.yaml:10: rollback.approvers[0]: 'carol' is not in the plan's approvers"
            + " (santiago, dana, brian)");
    refused(
        "rollback: { approvers: [dana], required: 2 }",
        "plan.yaml:10: rollback.required: 2 is more than the 1 approvers listed for the rollback");
    refused("rollback: { required: 1 }", "plan.yaml:10: rollback.approvers: is required");
    refused("rollback: { approvers: [dana], timeout: 10s }", "plan.yaml:10: rollback.timeout:");
    refused("rollback: { approvers: [dana], when: later }", "plan.yaml:10: rollback");
    refused("rollback: yes", "plan.yaml:10: rollback: expected {approvers: [...]");
  }

  @Test
  void theReleaseLeadAloneCannotApproveIt() {
    assertThatThrownBy(
            () ->
                new PlanReader("brian")
                    .parse("plan.yaml", HEAD + "rollback: { approvers: [brian] }\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "plan.yaml:10: rollback: gate rollback can never be approved: its only approver is"
                + " brian, who starts the deployment and cannot approve it");
  }

  @Test
  void itNeedsAVerifiedBackupBeforeAChange() {
    assertThatThrownBy(
            () ->
                new PlanReader()
                    .parse(
                        "plan.yaml",
                        """
                        release: menuca
                        environment: production
                        database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
                        approvers: { dana: {} }
                        steps:
                          - baseline: { schemas: [menuca_v3] }
                          - verify-change: { expect: { tables: { menuca_v3.orders: "-5" } } }
                        rollback: { approvers: [dana] }
                        """))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "plan.yaml:8: rollback: needs a verify-backup step before the change: the rollback"
                + " restores the verified backup");
    assertThatThrownBy(
            () ->
                new PlanReader()
                    .parse(
                        "plan.yaml",
                        HEAD.replace(
                                "  - verify-change: { expect: { tables: { menuca_v3.orders: \"-5\" } } }\n",
                                "")
                            + "rollback: { approvers: [dana] }\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "plan.yaml:9: rollback: needs an apply or verify-change step: the rollback follows a"
                + " failed change");
  }

  @Test
  void itIsNotAStep() {
    assertThatThrownBy(() -> new PlanReader().parse("plan.yaml", HEAD + "  - rollback: {}\n"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan.yaml:10: steps[4].rollback: is not a plan step");
  }

  private static void refused(String line, String message) {
    assertThatThrownBy(() -> new PlanReader().parse("plan.yaml", HEAD + line + "\n"))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining("\n");
  }
}
