package dev.greenlight.activities.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.AbortRequest;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An abort while a file runs stops its statement (the activity learns of the cancellation at its
 * next heartbeat and closes its connections), PostgreSQL rolls the file back, and the status says
 * the file was interrupted.
 */
class ApplyAbortWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = ChangeRuns.extension();
  @RegisterExtension final TestDatabase database = new TestDatabase();

  @Test
  void anAbortStopsTheRunningFileAndItRollsBack(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Fixtures.menuca(database);
    ChangeRuns.WarRoom room = new ChangeRuns.WarRoom();
    ChangeRuns.register(worker, null, room);
    env.start();
    WorkflowStub stub =
        ChangeRuns.start(
            client,
            options,
            database,
            new Step(
                "apply",
                ChangeRuns.migrations(
                    null,
                    java.time.Duration.ofSeconds(5),
                    Changes.file(
                        "V1__slow.sql",
                        "insert into menuca_v3.\"Restaurants\" values (100, 'new');\n"
                            + "select pg_sleep(60);\n"))));
    DeploymentWorkflow workflow =
        client.newWorkflowStub(DeploymentWorkflow.class, stub.getExecution().getWorkflowId());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Changes.count(
            database,
            "select count(*) from pg_stat_activity where application_name = 'greenlight apply'"
                + " and query like '%pg_sleep%'")
        == 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }

    workflow.recordAbort(new AbortRequest("santiago", "cli", "wrong window"));
    stub.cancel();
    try {
      stub.getResult(DeploymentStatus.class);
    } catch (WorkflowFailedException aborted) {
      // a cancelled run ends with a CanceledFailure; its record stays queryable
    }
    DeploymentStatus done = workflow.status();

    assertThat(done.state()).isEqualTo(DeploymentState.ABORTED);
    assertThat(ChangeRuns.step(done, "apply").state()).isEqualTo(StepState.ABORTED);
    AppliedFile file = ((ApplyResult) ChangeRuns.step(done, "apply").result()).files().get(0);
    assertThat(file.state()).isEqualTo(FileState.INTERRUPTED);
    deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (Changes.count(
            database,
            "select count(*) from pg_stat_activity where application_name = 'greenlight apply'")
        > 0) {
      assertThat(System.nanoTime()).as("the statement is stopped").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(Changes.count(database, "select count(*) from menuca_v3.\"Restaurants\""))
        .isEqualTo(3);
  }
}
