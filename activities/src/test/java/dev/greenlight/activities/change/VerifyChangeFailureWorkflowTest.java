package dev.greenlight.activities.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.Fixtures;
import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.CheckSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.TableExpectation;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.DiffRow;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A declared expectation that does not hold fails verify-change, and so the run, with one line
 * naming what did not hold; the whole diff stays in the step's status for whoever decides next.
 */
class VerifyChangeFailureWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = ChangeRuns.extension();
  @RegisterExtension final TestDatabase database = new TestDatabase();

  @Test
  void anUndeclaredChangeFailsTheStepWithTheDiffRecorded(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Fixtures.menuca(database);
    ChangeRuns.WarRoom room = new ChangeRuns.WarRoom();
    ChangeRuns.register(worker, null, room);
    env.start();

    DeploymentStatus done =
        ChangeRuns.result(
            ChangeRuns.start(
                client,
                options,
                database,
                ChangeRuns.baseline(),
                new Step(
                    "apply",
                    ChangeRuns.migrations(
                        null,
                        Duration.ofSeconds(5),
                        Changes.file(
                            "V1__fix.sql",
                            "insert into menuca_v3.orders values (6, 1, 60), (7, 1, 70);\n"
                                + "insert into menuca_v3.\"Restaurants\" values (4, 'oops');\n"))),
                new Step(
                    "verify-change",
                    new VerifyChangeSpec(
                        List.of(new TableExpectation("menuca_v3.orders", "+2")),
                        null,
                        null,
                        null,
                        List.of(
                            new CheckSpec("select count(*) from menuca_v3.orders", "7"),
                            new CheckSpec("delete from menuca_v3.orders returning 1", "1")),
                        Duration.ofSeconds(10))),
                new Step("notify", new dev.greenlight.workflows.plan.NotifySpec("never"))));

    assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
    assertThat(done.reason())
        .isEqualTo(
            "step verify-change failed: not as declared: menuca_v3.Restaurants rows +1"
                + " (expected unchanged, as an undeclared table); check: delete from"
                + " menuca_v3.orders returning 1 failed: cannot execute DELETE in a read-only"
                + " transaction");
    StepStatus step = ChangeRuns.step(done, "verify-change");
    assertThat(step.state()).isEqualTo(StepState.FAILED);
    ChangeVerification diff = (ChangeVerification) step.result();
    assertThat(diff.passed()).isFalse();
    assertThat(diff.rows())
        .filteredOn(row -> row.kind() == DiffRow.Kind.TABLE)
        .extracting(
            DiffRow::subject, DiffRow::before, DiffRow::after, DiffRow::expected, DiffRow::verdict)
        .contains(
            org.assertj.core.groups.Tuple.tuple("menuca_v3.orders", "5", "7", "+2", "ok"),
            org.assertj.core.groups.Tuple.tuple(
                "menuca_v3.Restaurants", "3", "4", "unchanged", "FAILED"));
    assertThat(ChangeRuns.step(done, "notify").state()).isEqualTo(StepState.SKIPPED);
    assertThat(Changes.count(database, "select count(*) from menuca_v3.orders")).isEqualTo(7);
    assertThat(room.told)
        .anyMatch(
            text ->
                text.startsWith("Change verification FAILED:")
                    && text.contains("menuca_v3.Restaurants")
                    && text.contains("FAILED"));
  }
}
