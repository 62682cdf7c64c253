package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.EvidenceFacts;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.PostedMessage;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Signatures;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.WarRoomChannel;
import dev.greenlight.workflows.proof.PlanDigest;
import dev.greenlight.workflows.proof.Statement;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.RestoreResult;
import dev.greenlight.workflows.status.TableCount;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the histories {@link ReplayTest} replays. Runs only on purpose, when the workflow has
 * changed and a new history is wanted:
 *
 * <pre>
 * ./mvnw -pl workflows test -Dtest=RecordHistories -Dgreenlight.record=src/test/resources/histories
 * </pre>
 *
 * Then add the file to {@link ReplayTest#HISTORIES}. Never overwrite an existing history.
 */
@EnabledIfSystemProperty(named = "greenlight.record", matches = ".+")
class RecordHistories {

  @RegisterExtension static final TestWorkflowExtension temporal = TestDeployments.extension();

  /** Gate with reminders, backup that fails verification once, notify naming the backup. */
  @Test
  void v3PlugInStepsBackupRetry(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    record(env, worker, client, options, "v3-plug-in-steps-backup-retry.json");
  }

  /** As v3, with progress shown once per workflow task ({@code "progress-per-task"} = 1). */
  @Test
  void v4ProgressPerTask(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    record(env, worker, client, options, "v4-progress-per-task.json");
  }

  private static void record(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      WorkflowOptions options,
      String name)
      throws Exception {
    BackupActivities backups = TestDeployments.backups();
    when(backups.verify(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "checksum mismatch in 3001.dat.gz", BackupActivities.VERIFICATION_FAILED))
        .thenReturn(new VerificationResult("b-2", 3, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    NotificationActivities notifications =
        mock(NotificationActivities.class, withSettings().withoutAnnotations());
    when(notifications.notify(any())).thenReturn(new NotifyResult("C0WARROOM", "ok"));
    when(notifications.publishStatus(any())).thenReturn(new PostedMessage("C0WARROOM", "1.0"));
    worker.registerActivitiesImplementations(TestDeployments.database(), backups, notifications);
    env.start();

    Plan base = TestDeployments.signoffBySantiago();
    Plan plan =
        new Plan(
            base.release(),
            base.environment(),
            base.database(),
            base.approvers(),
            List.of(
                new Step(
                    "signoff",
                    new GateSpec(
                        List.of("santiago"),
                        1,
                        Duration.ofHours(4),
                        List.of("Rollback plan reviewed"),
                        Duration.ofMinutes(30),
                        null,
                        List.of())),
                base.steps().get(1),
                base.steps().get(2),
                new Step(
                    "backup",
                    new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null, null, null)),
                new Step("verify-backup", new VerifyBackupSpec(true, null, null, null)),
                new Step("notify", new NotifySpec("Backup {backup.id} verified."))),
            new WarRoomChannel("C0WARROOM"));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(
        workflow::run, new StartDeployment(plan, "brian", "plan.yaml", "sha256-of-the-plan"));
    env.sleep(Duration.ofMinutes(45));
    workflow.approve(TestDeployments.approval("santiago"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);

    String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
    Path file = Path.of(System.getProperty("greenlight.record")).resolve(name);
    assertThat(file).doesNotExist();
    Files.writeString(file, client.fetchHistory(id).toJson(true));
  }

  /** A restore: the gate, then check, emergency backup and restore on the backup's host queue. */
  @Test
  void v3Restore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    worker.registerActivitiesImplementations(TestDeployments.notifications());
    CatalogActivities catalog = mock(CatalogActivities.class, withSettings().withoutAnnotations());
    BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    RestoreActivities restores = mock(RestoreActivities.class, withSettings().withoutAnnotations());
    when(catalog.verify(any())).thenReturn(new ArchiveVerification("h", "b-1", 3, 40));
    when(backups.backup(any())).thenReturn(RestoreRunTest.emergencyBackup());
    when(restores.restore(any()))
        .thenReturn(new RestoreResult("b-1", "h", "menuca", null, 120, Instant.EPOCH));
    env.newWorker(TaskQueues.host("h"))
        .registerActivitiesImplementations(catalog, backups, restores);
    env.start();

    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(
        workflow::run,
        new StartDeployment(
            RestoreRunTest.restorePlan(), "brian", "greenlight restore", "sha256-of-the-plan"));
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(TestDeployments.approval("santiago"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);

    String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
    Path file = Path.of(System.getProperty("greenlight.record")).resolve("v3-restore.json");
    assertThat(file).doesNotExist();
    Files.writeString(file, client.fetchHistory(id).toJson(true));
  }

  /**
   * Apply (two migrations, the second one retried after its first attempt failed) and verify-change
   * with a declared table, counts and a check, after gate, preflight and baseline.
   */
  @Test
  void v4ApplyAndVerifyChange(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    ChangeActivities change = mock(ChangeActivities.class, withSettings().withoutAnnotations());
    when(change.apply(any()))
        .thenAnswer(
            call -> {
              ApplyRequest request = call.getArgument(0);
              return new AppliedFile(
                  request.file().name(),
                  request.file().version(),
                  request.file().sha256(),
                  FileState.APPLIED,
                  1200,
                  2,
                  1,
                  null);
            });
    when(change.observe(any()))
        .thenReturn(
            new ChangeObservation(
                new BaselineResult(
                    "menuca",
                    1_000_000,
                    5,
                    2,
                    List.of(new TableCount("menuca_v3", "Restaurants", 45, true)),
                    Instant.EPOCH),
                List.of(new ChangeObservation.CheckOutcome("select 0", "0", null))));
    NotificationActivities notifications =
        mock(NotificationActivities.class, withSettings().withoutAnnotations());
    when(notifications.notify(any())).thenReturn(new NotifyResult("C0WARROOM", "ok"));
    when(notifications.publishStatus(any())).thenReturn(new PostedMessage("C0WARROOM", "1.0"));
    worker.registerActivitiesImplementations(TestDeployments.database(), change, notifications);
    env.start();

    Plan base = TestDeployments.signoffBySantiago();
    Plan plan =
        new Plan(
            base.release(),
            base.environment(),
            base.database(),
            base.approvers(),
            List.of(
                base.steps().get(0),
                base.steps().get(1),
                base.steps().get(2),
                new Step(
                    "apply",
                    new ApplySpec(
                        "menuca-v3",
                        List.of(
                            new ChangeFile(
                                "V1__add_indexes.sql",
                                "1",
                                "1a".repeat(32),
                                60,
                                "create index concurrently i on menuca_v3.\"Restaurants\" (id);"),
                            new ChangeFile(
                                "V2__fix.sql",
                                "2",
                                "2b".repeat(32),
                                50,
                                "insert into menuca_v3.\"Restaurants\" values (43), (44), (45);")),
                        ApplySpec.DEFAULT_LOCK_TIMEOUT,
                        ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
                        ApplySpec.MIGRATIONS_HISTORY_TABLE,
                        null)),
                new Step(
                    "verify-change",
                    new VerifyChangeSpec(
                        List.of(
                            new VerifyChangeSpec.TableExpectation("menuca_v3.Restaurants", "+3")),
                        "+2",
                        "+1",
                        null,
                        List.of(new VerifyChangeSpec.CheckSpec("select 0", "0")),
                        VerifyChangeSpec.DEFAULT_CHECK_TIMEOUT)),
                new Step("notify", new NotifySpec("Change verified."))),
            new WarRoomChannel("C0WARROOM"));
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    WorkflowClient.start(
        workflow::run, new StartDeployment(plan, "brian", "plan.yaml", "sha256-of-the-plan"));
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(TestDeployments.approval("santiago"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);

    String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
    Path file =
        Path.of(System.getProperty("greenlight.record")).resolve("v4-apply-and-verify-change.json");
    assertThat(file).doesNotExist();
    Files.writeString(file, client.fetchHistory(id).toJson(true));
  }

  /**
   * Signed decisions and evidence: a signed start, a gate after a verified backup whose recheck
   * finds the archive gone (the first approval voided), approvals signed by a person and by the
   * Slack gateway on the new evidence.
   */
  @Test
  void v5SignedDecisionsEvidence(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    Path keys = Files.createTempDirectory("greenlight-keys");
    TestKeys.Key santiago = TestKeys.generate(keys, "santiago");
    TestKeys.Key brian = TestKeys.generate(keys, "brian");
    TestKeys.Key dana = TestKeys.generate(keys, "dana");
    TestKeys.Key gateway = TestKeys.generate(keys, "gateway");
    DatabaseActivities database =
        mock(DatabaseActivities.class, withSettings().withoutAnnotations());
    when(database.preflight(any()))
        .thenReturn(
            new PreflightResult(
                "menuca", "deployer", "15.4", 2, 10, false, Instant.EPOCH, "7301234567890123456"));
    BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    when(backups.backup(any()))
        .thenReturn(
            new BackupResult(
                "b-1",
                "production-pre-menuca-v3",
                "pg_dump",
                "menuca",
                "/b/b-1",
                null,
                "custom",
                4096,
                "5ha1",
                List.of(),
                "15",
                "pg_dump 15",
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                null,
                null));
    when(backups.verify(any()))
        .thenReturn(new VerificationResult("b-1", 1, 40, 1000, true, 4, 11, 50, Instant.EPOCH));
    when(backups.recheck(any()))
        .thenReturn(
            new EvidenceFacts(
                "menuca", "7301234567890123456", "the archive /b/b-1 is missing", Instant.EPOCH));
    worker.registerActivitiesImplementations(database, backups, TestDeployments.notifications());
    env.start();

    Plan base = TestDeployments.signoffBySantiago();
    Plan plan =
        new Plan(
            base.release(),
            base.environment(),
            base.database(),
            Map.of(
                "santiago", new Approver("U01", santiago.publicKey()),
                "brian", new Approver("U02", brian.publicKey()),
                "dana", new Approver("U03", dana.publicKey())),
            List.of(
                new Step("preflight", new PreflightSpec(10, null, null)),
                new Step(
                    "backup", new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null)),
                new Step("verify-backup", new VerifyBackupSpec(true, null, null, null)),
                new Step(
                    "go-live",
                    new GateSpec(
                        List.of("santiago", "dana"), 2, Duration.ofHours(4), List.of("GO"))),
                new Step("notify", new NotifySpec("Cleared."))),
            null,
            new Signatures(true, gateway.publicKey()),
            null);
    String id = "deploy-menuca-v3-production";
    DeploymentWorkflow workflow =
        client.newWorkflowStub(
            DeploymentWorkflow.class, options.toBuilder().setWorkflowId(id).build());
    String digest = PlanDigest.of(plan);
    WorkflowClient.start(
        workflow::run,
        new StartDeployment(
            plan,
            "brian",
            "plan.yaml",
            digest,
            brian.sign(id, null, Statement.START, null, "brian", digest, null)));
    DeploymentStatus waiting =
        TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    String run = waiting.runId();
    String first = waiting.steps().get(3).gate().evidence().digest();
    workflow.approve(
        new Approval("go-live", "santiago", "cli", "santiago", "GO")
            .with(
                first,
                santiago.sign(id, run, Statement.APPROVE, "go-live", "santiago", first, "GO")));
    env.sleep(Duration.ofMinutes(20));
    String now = workflow.status().steps().get(3).gate().evidence().digest();
    assertThat(now).isNotEqualTo(first);
    workflow.approve(
        new Approval("go-live", "santiago", "cli", "santiago", "GO again")
            .with(
                now,
                santiago.sign(id, run, Statement.APPROVE, "go-live", "santiago", now, "GO again")));
    workflow.approve(
        Approval.fromSlack("go-live", "U03", "approved in Slack")
            .with(
                now,
                gateway.sign(
                    id, run, Statement.APPROVE, "go-live", "slack:U03", now, "approved in Slack")));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
    assertThat(done.steps().get(3).gate().voided()).hasSize(1);

    Path file =
        Path.of(System.getProperty("greenlight.record"))
            .resolve("v5-signed-decisions-evidence.json");
    assertThat(file).doesNotExist();
    Files.writeString(file, client.fetchHistory(id).toJson(true));
  }

  /**
   * A change that fails verification, the plan's rollback gate ({@code "rollback-gate"} = 1) with
   * the rows written since the baseline, approved: emergency backup, restore, baseline compared.
   */
  @Test
  void v6Rollback(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    new Rollbacks.Activities().register(env, worker);
    env.start();
    DeploymentWorkflow workflow =
        TestDeployments.start(client, options, Rollbacks.plan(Rollbacks.GATE));
    TestDeployments.awaitState(workflow, DeploymentState.WAITING_FOR_APPROVAL);
    workflow.approve(TestDeployments.approval("dana"));
    DeploymentStatus done = WorkflowStub.fromTyped(workflow).getResult(DeploymentStatus.class);
    assertThat(done.state()).isEqualTo(DeploymentState.ROLLED_BACK);

    String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
    Path file = Path.of(System.getProperty("greenlight.record")).resolve("v6-rollback.json");
    assertThat(file).doesNotExist();
    Files.writeString(file, client.fetchHistory(id).toJson(true));
  }
}
