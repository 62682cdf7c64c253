package dev.greenlight.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.greenlight.workflows.activities.ApplyRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.CatalogActivities;
import dev.greenlight.workflows.activities.ChangeActivities;
import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.DatabaseActivities;
import dev.greenlight.workflows.activities.RestoreActivities;
import dev.greenlight.workflows.activities.WriteCounters;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RollbackGate;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.WarRoomChannel;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.RestoreResult;
import dev.greenlight.workflows.status.RowCounters;
import dev.greenlight.workflows.status.TableCount;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A deployment whose change fails verification, with mocked activities: baseline (orders 5 rows, 10
 * inserts so far), a backup on host {@code h} verified with a 1.5 s restore test, a data fix, and a
 * verify-change that expects orders to lose 2 rows where it lost 5. After the failure the orders
 * table has had 3 more inserts and 5 deletes.
 */
final class Rollbacks {

  static final RollbackGate GATE =
      new RollbackGate(List.of("santiago", "dana"), 1, Duration.ofHours(1));

  private Rollbacks() {}

  /** The activities of such a run; the restore's outcome is up to the test. */
  static final class Activities {
    final DatabaseActivities database =
        mock(DatabaseActivities.class, withSettings().withoutAnnotations());
    final BackupActivities backups =
        mock(BackupActivities.class, withSettings().withoutAnnotations());
    final ChangeActivities change =
        mock(ChangeActivities.class, withSettings().withoutAnnotations());
    final CatalogActivities catalog =
        mock(CatalogActivities.class, withSettings().withoutAnnotations());
    final RestoreActivities restores =
        mock(RestoreActivities.class, withSettings().withoutAnnotations());

    Activities() {
      when(database.baseline(any())).thenReturn(before());
      when(database.writeCounters(any()))
          .thenReturn(
              new WriteCounters(
                  List.of(
                      new RowCounters("menuca_v3", "orders", 13, 0, 5),
                      new RowCounters("menuca_v3", "restaurants", 3, 1, 0)),
                  Instant.EPOCH));
      when(backups.backup(any()))
          .thenAnswer(
              call -> {
                BackupRequest request = call.getArgument(0);
                return request.label().startsWith("emergency") ? emergency() : backup();
              });
      when(backups.verify(any()))
          .thenReturn(new VerificationResult("b-1", 3, 40, 1000, true, 2, 8, 1500, Instant.EPOCH));
      when(change.apply(any()))
          .thenAnswer(
              call -> {
                ApplyRequest request = call.getArgument(0);
                return new AppliedFile(
                    request.file().name(),
                    request.file().version(),
                    request.file().sha256(),
                    FileState.APPLIED,
                    30,
                    1,
                    1,
                    null);
              });
      when(change.observe(any()))
          .thenReturn(
              new ChangeObservation(
                  new BaselineResult(
                      "menuca",
                      1_000_000,
                      3,
                      1,
                      List.of(
                          new TableCount("menuca_v3", "orders", 0, true),
                          new TableCount("menuca_v3", "restaurants", 3, true)),
                      Instant.EPOCH),
                  List.of()));
      when(catalog.verify(any())).thenReturn(new ArchiveVerification("h", "b-1", 3, 40));
      when(restores.restore(any()))
          .thenReturn(new RestoreResult("b-1", "h", "menuca", null, 900, Instant.EPOCH));
    }

    void register(TestWorkflowEnvironment env, Worker worker) {
      worker.registerActivitiesImplementations(
          database, backups, change, TestDeployments.notifications());
      env.newWorker(TaskQueues.host("h"))
          .registerActivitiesImplementations(backups, catalog, restores);
    }
  }

  /** The baseline before the change, with its write counters. */
  static BaselineResult before() {
    return new BaselineResult(
        "menuca",
        1_000_000,
        3,
        1,
        List.of(
            new TableCount("menuca_v3", "orders", 5, true),
            new TableCount("menuca_v3", "restaurants", 3, true)),
        Instant.EPOCH,
        List.of(
            new RowCounters("menuca_v3", "orders", 10, 0, 0),
            new RowCounters("menuca_v3", "restaurants", 3, 1, 0)));
  }

  static BackupResult backup() {
    return new BackupResult(
        "b-1",
        "production-pre-menuca-v3",
        "pg_dump",
        "menuca",
        "/b/b-1",
        null,
        "custom",
        4096,
        "sha-b-1",
        List.of(),
        "15",
        "pg_dump 15",
        Instant.EPOCH,
        Instant.EPOCH,
        null,
        null,
        TaskQueues.host("h"));
  }

  static BackupResult emergency() {
    return new BackupResult(
        "emergency-pre-rollback-19700101T000000Z",
        "emergency-pre-rollback",
        "pg_dump",
        "menuca",
        "/b/emergency-pre-rollback-19700101T000000Z/archive",
        null,
        "custom",
        2048,
        "sha-emergency",
        List.of(),
        "15",
        "pg_dump 15",
        Instant.EPOCH,
        Instant.EPOCH,
        null,
        null,
        TaskQueues.host("h"));
  }

  /** Baseline, backup, verify-backup, apply, verify-change (which fails), notify. */
  static Plan plan(RollbackGate rollback) {
    Plan base = TestDeployments.signoffBySantiago();
    return new Plan(
        base.release(),
        base.environment(),
        base.database(),
        base.approvers(),
        List.of(
            new Step("baseline", new BaselineSpec(List.of("menuca_v3"), List.of(), true)),
            new Step(
                "backup",
                new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null, null, null)),
            new Step("verify-backup", new VerifyBackupSpec(true, null, null, null)),
            new Step(
                "apply",
                new ApplySpec(
                    null,
                    List.of(
                        new ChangeFile(
                            "fix.sql",
                            null,
                            "3c".repeat(32),
                            40,
                            "delete from menuca_v3.orders where total < 100;")),
                    ApplySpec.DEFAULT_LOCK_TIMEOUT,
                    ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
                    ApplySpec.SQL_HISTORY_TABLE,
                    null)),
            new Step(
                "verify-change",
                new VerifyChangeSpec(
                    List.of(new VerifyChangeSpec.TableExpectation("menuca_v3.orders", "-2")),
                    null,
                    null,
                    null,
                    List.of(),
                    null)),
            new Step("notify", new dev.greenlight.workflows.plan.NotifySpec("Change verified."))),
        new WarRoomChannel("C0WARROOM"),
        null,
        null,
        rollback);
  }
}
