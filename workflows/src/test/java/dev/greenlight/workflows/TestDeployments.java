package dev.greenlight.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Shared fixture for workflow tests: plans, mocked activities, and waiting for a state. */
final class TestDeployments {

  static final String RELEASE_LEAD = "brian";

  private TestDeployments() {}

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class)
            .setDoNotStart(true);
    DeploymentSearchAttributes.ALL.forEach(
        key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder.build();
  }

  /** A plan with one gate (of the given approvers and count), then preflight, baseline, notify. */
  static Plan plan(List<String> gateApprovers, int required, Duration timeout) {
    return new Plan(
        "menuca-v3",
        "production",
        new DatabaseTarget(
            "jdbc:postgresql://db/menuca", "deployer", "MENUCA_DB_PASSWORD", "menuca"),
        Map.of(
            "santiago", new Approver("U01"),
            "brian", new Approver("U02"),
            "dana", new Approver("U03")),
        List.of(
            new Step(
                "signoff",
                new GateSpec(gateApprovers, required, timeout, List.of("Rollback plan reviewed"))),
            new Step("preflight", new PreflightSpec(10, null, null)),
            new Step("baseline", new BaselineSpec(List.of("menuca_v3"), List.of(), true)),
            new Step("notify", new NotifySpec("Baseline captured. Proceeding."))));
  }

  static Plan signoffBySantiago() {
    return plan(List.of("santiago"), 1, Duration.ofHours(4));
  }

  static DatabaseActivities database() {
    DatabaseActivities database =
        mock(DatabaseActivities.class, withSettings().withoutAnnotations());
    when(database.preflight(any()))
        .thenReturn(new PreflightResult("menuca", "deployer", "15.4", 2, 10, false, Instant.EPOCH));
    when(database.baseline(any()))
        .thenReturn(
            new BaselineResult(
                "menuca",
                1_000_000,
                3,
                1,
                List.of(new TableCount("menuca_v3", "Restaurants", 42, true)),
                Instant.EPOCH));
    return database;
  }

  static NotificationActivities notifications() {
    NotificationActivities notifications =
        mock(NotificationActivities.class, withSettings().withoutAnnotations());
    when(notifications.notify(any()))
        .thenAnswer(
            call ->
                new NotifyResult(
                    "log",
                    call.<dev.greenlight.workflows.activities.Notification>getArgument(0).text()));
    return notifications;
  }

  static DeploymentWorkflow start(WorkflowClient client, WorkflowOptions options, Plan plan) {
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(workflow::run, new StartDeployment(plan, RELEASE_LEAD, "plan.yaml"));
    return workflow;
  }

  /** Polls the status query until the deployment reaches {@code state}; fails after 10 s. */
  static DeploymentStatus awaitState(DeploymentWorkflow workflow, DeploymentState state)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    DeploymentStatus status = workflow.status();
    while (status.state() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("deployment never reached " + state + "; last: " + status);
      }
      Thread.sleep(20);
      status = workflow.status();
    }
    return status;
  }

  static Approval approval(String approver) {
    return new Approval(null, approver, "cli", approver, "GO");
  }

  /**
   * Backup activities whose backups are {@code b-1}, {@code b-2}, … (sha256 {@code sha-b-1}, …).
   */
  static BackupActivities backups() {
    BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    int[] taken = {0};
    when(backups.backup(any())).thenAnswer(call -> backup("b-" + ++taken[0]));
    return backups;
  }

  static BackupResult backup(String id) {
    return new BackupResult(
        id,
        "production-pre-menuca-v3",
        "pg_dump",
        "menuca",
        "/b/" + id,
        null,
        "directory",
        100,
        "sha-" + id,
        List.of(),
        "15",
        "pg_dump 15",
        Instant.EPOCH,
        Instant.EPOCH,
        null,
        null,
        null);
  }

  /** The plan of {@link #signoffBySantiago()} (release, database, approvers) with other steps. */
  static Plan planWith(List<Step> steps) {
    Plan base = signoffBySantiago();
    return new Plan(base.release(), base.environment(), base.database(), base.approvers(), steps);
  }
}
