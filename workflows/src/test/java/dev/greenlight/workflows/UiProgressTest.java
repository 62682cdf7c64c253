package dev.greenlight.workflows;

import static dev.greenlight.workflows.TestDeployments.approval;
import static dev.greenlight.workflows.TestDeployments.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.status.DeploymentState;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a deployment stands is visible in the Temporal UI: search attributes and current details.
 */
class UiProgressTest {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  @Test
  void searchAttributesAndCurrentDetailsFollowTheRun(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(
        TestDeployments.database(), TestDeployments.notifications());
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(
            client,
            options,
            TestDeployments.plan(List.of("santiago", "dana"), 2, Duration.ofHours(4)));
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(approval("santiago"));

    SearchAttributes waiting = stub.describe().getTypedSearchAttributes();
    assertThat(waiting.get(DeploymentSearchAttributes.STATE)).isEqualTo("WAITING_FOR_APPROVAL");
    assertThat(waiting.get(DeploymentSearchAttributes.STEP)).isEqualTo("signoff");
    assertThat(waiting.get(DeploymentSearchAttributes.AWAITING)).containsExactly("dana");
    assertThat(waiting.get(DeploymentSearchAttributes.RELEASE)).isEqualTo("menuca-v3");
    assertThat(waiting.get(DeploymentSearchAttributes.ENVIRONMENT)).isEqualTo("production");
    assertThat(waiting.get(DeploymentSearchAttributes.STARTED_BY)).isEqualTo("brian");
    String details =
        stub.query(WorkflowClient.QUERY_TYPE_WORKFLOW_METADATA, WorkflowMetadata.class)
            .getCurrentDetails();
    assertThat(details)
        .startsWith("**menuca-v3** to **production**: WAITING_FOR_APPROVAL at **signoff**")
        .contains("| signoff | 🔒 waiting for approval | awaiting dana (1 of 2)")
        .contains("| preflight | · pending |");

    workflow.approve(approval("dana"));
    stub.getResult(Object.class);

    SearchAttributes done = stub.describe().getTypedSearchAttributes();
    assertThat(done.get(DeploymentSearchAttributes.STATE)).isEqualTo("SUCCEEDED");
    assertThat(done.get(DeploymentSearchAttributes.STEP)).isEmpty();
    assertThat(done.get(DeploymentSearchAttributes.AWAITING)).isEmpty();
    assertThat(
            stub.query(WorkflowClient.QUERY_TYPE_WORKFLOW_METADATA, WorkflowMetadata.class)
                .getCurrentDetails())
        .contains("| signoff | ✓ succeeded | approved by santiago, dana |")
        .contains(
            "| baseline | ✓ succeeded | 1 tables, 42 rows, 976.6 KiB, 3 indexes, 1 RLS policy |");
  }
}
