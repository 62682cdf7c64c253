package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.internal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployment started by the previous release (its input in the flat step shape, byte for byte as
 * a v1 client sent it) parks at its gate, is approved through today's worker and runs to the end.
 * {@link ReplayTest} proves the command order; this proves the old input drives a live run.
 */
class UpgradedWorkerTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void aDeploymentStartedWithTheOldShapeIsApprovedAndFinishes(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    BackupActivities backups = TestDeployments.backups();
    when(backups.verify(any()))
        .thenReturn(new VerificationResult("b-1", 3, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications(), backups);
    env.start();
    JsonNode oldInput = recordedInput("histories/v1-succeeded.json");
    assertThat(oldInput.at("/plan/steps/0/kind").asText()).isEqualTo("GATE");

    WorkflowStub stub = client.newUntypedWorkflowStub("Deployment", options);
    stub.start(oldInput);
    DeploymentWorkflow workflow =
        client.newWorkflowStub(DeploymentWorkflow.class, stub.getExecution().getWorkflowId());
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));
    workflow.approve(approval("dana"));

    DeploymentStatus done = stub.getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.steps())
        .extracting(s -> s.name() + ":" + s.kind())
        .containsExactly(
            "signoff:gate",
            "preflight:preflight",
            "baseline:baseline",
            "backup:backup",
            "verify-backup:verify-backup",
            "notify:notify");
    assertThat(done.backup().id()).isEqualTo("b-1");
    assertThat(((NotifyResult) done.steps().get(5).result()).text())
        .isEqualTo(oldInput.at("/plan/steps/5/message").asText());
  }

  private JsonNode recordedInput(String history) throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(history)) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String input =
          WorkflowExecutionHistory.fromJson(json)
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getInput()
              .getPayloads(0)
              .getData()
              .toStringUtf8();
      return new ObjectMapper().readTree(input);
    }
  }
}
