package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Signatures;
import dev.greenlight.workflows.proof.PlanDigest;
import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.proof.Statement;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateState;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code signatures: required}, the worker counts a decision only with a valid signature of
 * its maker's key (or, from Slack, the gateway's) over exactly this deployment, run, gate and
 * evidence. Every attack is refused in the validator with a one-line reason, and nothing counts.
 */
class SignedDecisionsTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @TempDir static Path keys;
  static TestKeys.Key santiago;
  static TestKeys.Key brian;
  static TestKeys.Key dana;
  static TestKeys.Key gateway;

  @BeforeAll
  static void makeKeys() throws Exception {
    santiago = TestKeys.generate(keys, "santiago");
    brian = TestKeys.generate(keys, "brian");
    dana = TestKeys.generate(keys, "dana");
    gateway = TestKeys.generate(keys, "gateway");
  }

  static Plan signedPlan() {
    Plan base = TestDeployments.plan(List.of("santiago", "dana", "brian"), 2, Duration.ofHours(4));
    return new Plan(
        base.release(),
        base.environment(),
        base.database(),
        Map.of(
            "santiago", new Approver("U01", santiago.publicKey()),
            "brian", new Approver("U02", brian.publicKey()),
            "dana", new Approver("U03", dana.publicKey())),
        base.steps(),
        null,
        new Signatures(true, gateway.publicKey()),
        null);
  }

  /** Starts {@code plan} as {@code as}, the start signed with {@code key} (null: unsigned). */
  static DeploymentWorkflow start(
      WorkflowClient client, WorkflowOptions options, Plan plan, String as, TestKeys.Key key) {
    String id = "deploy-signed-" + UUID.randomUUID();
    DeploymentWorkflow workflow =
        client.newWorkflowStub(
            DeploymentWorkflow.class, options.toBuilder().setWorkflowId(id).build());
    String digest = PlanDigest.of(plan);
    Proof proof = key == null ? null : key.sign(id, null, Statement.START, null, as, digest, null);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, as, "plan.yaml", digest, proof));
    return workflow;
  }

  @Test
  void onlyValidSignaturesOverExactlyThisDecisionCount(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();
    DeploymentWorkflow workflow = start(client, options, signedPlan(), "brian", brian);
    DeploymentStatus waiting = awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    String id = waiting.id();
    String run = waiting.runId();
    String evidence = waiting.steps().get(0).gate().evidence().digest();
    assertThat(waiting.startSigner())
        .isEqualTo(SshKeys.parsePublicKey(brian.publicKey()).fingerprint());

    // unsigned, although the plan requires signatures
    assertRefused(
        () -> workflow.approve(cli("santiago", evidence, null)),
        "this plan requires signed decisions: santiago's approve is unsigned");
    // santiago's decision signed with dana's key
    assertRefused(
        () ->
            workflow.approve(
                cli(
                    "santiago",
                    evidence,
                    dana.sign(id, run, Statement.APPROVE, "signoff", "santiago", evidence, "GO"))),
        "santiago's signature does not hold: signed with key SHA256:");
    // a valid signature over another deployment, another gate, other evidence: a replay
    assertRefused(
        () ->
            workflow.approve(
                cli(
                    "santiago",
                    evidence,
                    santiago.sign(
                        "deploy-other",
                        run,
                        Statement.APPROVE,
                        "signoff",
                        "santiago",
                        evidence,
                        "GO"))),
        "the signature does not cover this decision: it was signed for deployment deploy-other, not "
            + id);
    assertRefused(
        () ->
            workflow.approve(
                cli(
                    "santiago",
                    evidence,
                    santiago.sign(
                        id, run, Statement.APPROVE, "go-live", "santiago", evidence, "GO"))),
        "it was signed for gate go-live, not signoff");
    assertRefused(
        () ->
            workflow.approve(
                cli(
                    "santiago",
                    evidence,
                    santiago.sign(
                        id, run, Statement.APPROVE, "signoff", "santiago", "sha256:0000", "GO"))),
        "it was signed over evidence sha256:0000, not " + evidence);
    // a digest the gate never showed
    assertRefused(
        () -> workflow.approve(cli("santiago", "sha256:0000", null)),
        "the evidence you decided on (sha256:0000) is not gate signoff's");
    // a Slack decision sent straight to Temporal: no gateway signature, or the person's own
    assertRefused(
        () -> workflow.approve(Approval.fromSlack("signoff", "U01", "GO").with(evidence, null)),
        "a Slack decision counts only through the Greenlight Slack gateway");
    assertRefused(
        () ->
            workflow.approve(
                Approval.fromSlack("signoff", "U01", "GO")
                    .with(
                        evidence,
                        santiago.sign(
                            id, run, Statement.APPROVE, "signoff", "slack:U01", evidence, "GO"))),
        "the Slack gateway's signature does not hold");
    // the release lead, signing with their own key, approving their own deployment
    assertRefused(
        () ->
            workflow.approve(
                cli(
                    "brian",
                    evidence,
                    brian.sign(id, run, Statement.APPROVE, "signoff", "brian", evidence, "GO"))),
        "the release lead (brian) cannot approve their own deployment");

    // what counts: santiago's own signature, and dana's click through the gateway
    workflow.approve(
        cli(
            "santiago",
            evidence,
            santiago.sign(id, run, Statement.APPROVE, "signoff", "santiago", evidence, "GO")));
    workflow.approve(
        Approval.fromSlack("signoff", "U03", "GO")
            .with(
                evidence,
                gateway.sign(id, run, Statement.APPROVE, "signoff", "slack:U03", evidence, "GO")));

    DeploymentStatus after = workflow.status();
    var gate = after.steps().get(0).gate();
    assertThat(gate.state()).isEqualTo(GateState.APPROVED);
    assertThat(gate.approvals())
        .extracting(d -> d.approver() + " " + d.via() + " " + d.signer())
        .containsExactly(
            "santiago cli " + SshKeys.parsePublicKey(santiago.publicKey()).fingerprint(),
            "dana slack " + SshKeys.parsePublicKey(gateway.publicKey()).fingerprint());
    assertThat(gate.approvals()).allSatisfy(d -> assertThat(d.evidence()).isEqualTo(evidence));
    long accepted =
        client.fetchHistory(id).getEvents().stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertThat(accepted).as("only the two valid approvals are in history").isEqualTo(2);
  }

  @Test
  void anUnsignedStartOrOneAsSomeoneElseIsRefused(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();

    DeploymentWorkflow unsigned = start(client, options, signedPlan(), "brian", null);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(unsigned).getResult(DeploymentStatus.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining(
            "the start was refused: this plan requires signed decisions: brian's start is unsigned");

    // brian claims to be dana (--as dana) so that he could approve: he has no key of dana's
    DeploymentWorkflow asDana = start(client, options, signedPlan(), "dana", brian);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(asDana).getResult(DeploymentStatus.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("the start was refused: dana's signature does not hold");
    assertThat(asDana.status().state()).isEqualTo(DeploymentState.FAILED);
  }

  static Approval cli(String person, String evidence, Proof proof) {
    return new Approval("signoff", person, "cli", person, "GO").with(evidence, proof);
  }

  private static void assertRefused(Runnable decision, String reason) {
    assertThatThrownBy(decision::run)
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(reason);
  }
}
