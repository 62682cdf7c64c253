package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The release lead never counts towards a gate, so a gate left without enough other approvers could
 * only wait out its timeout: {@code start --as} refuses it, naming the gate. {@code plan check}
 * does not know who will start the plan and accepts it.
 */
class UnapprovableGateTest {

  private static final String PLAN =
      """
      release: r
      environment: e
      database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
      approvers: { santiago: {}, brian: {}, dana: {} }
      steps:
        - notify: hello
        - gate: signoff
          approvers: [brian]
        - gate: go-live
          approvers: [santiago, brian]
          required: 2
      """;

  @Test
  void aGateWhoseOnlyApproverStartsTheDeploymentIsRefused() {
    assertThatThrownBy(() -> new PlanReader("brian").parse("p.yaml", PLAN))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "p.yaml:7: steps[1]: gate signoff can never be approved: its only approver is brian,"
                + " who starts the deployment and cannot approve it");
  }

  @Test
  void aGateNeedingMoreApprovalsThanTheOthersCanGiveIsRefused() {
    String plan = PLAN.replace("approvers: [brian]", "approvers: [dana]");

    assertThatThrownBy(() -> new PlanReader("brian").parse("p.yaml", plan))
        .hasMessage(
            "p.yaml:9: steps[2]: gate go-live can never be approved: it needs 2 approvals and"
                + " only 1 of its approvers (santiago) are not brian, who starts the deployment");
  }

  @Test
  void escalationCountsAndAnotherStarterOrPlanCheckIsFine() throws Exception {
    String escalated =
        PLAN.replace(
            "approvers: [brian]\n",
            "approvers: [brian]\n    escalate: { after: 1h, to: [dana] }\n");
    String goLiveEscalated =
        escalated.replace(
            "required: 2\n", "required: 2\n    escalate: { after: 1h, to: [dana] }\n");

    assertThat(new PlanReader("brian").parse("p.yaml", goLiveEscalated).steps()).hasSize(3);
    assertThat(new PlanReader("dana").parse("p.yaml", PLAN).steps()).hasSize(3);
    assertThat(new PlanReader().parse("p.yaml", PLAN).steps()).hasSize(3);
  }
}
