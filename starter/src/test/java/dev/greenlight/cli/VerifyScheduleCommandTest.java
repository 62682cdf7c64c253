package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.TestDatabase;
import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.PgTools;
import dev.greenlight.client.VerificationSchedules;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.catalog.BackupVerificationWorkflow;
import dev.greenlight.workflows.catalog.VerificationRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.TableCount;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled verification from the CLI: the Schedule as data; on the dev server (no Schedules)
 * {@code create} says so and what to do instead, and {@code run --loop} runs the same workflow;
 * {@code backups verify --restore-test} by hand, recorded in the catalog, a failure shown by {@code
 * backups list} and by {@code backups check}'s exit code.
 */
class VerifyScheduleCommandTest {

  @RegisterExtension static final DevTemporal temporal = new DevTemporal("verify-test");

  @RegisterExtension final TestDatabase database = new TestDatabase();
  @TempDir Path catalog;

  @Test
  void theScheduleRunsOneVerificationEveryPeriodSkippingOverlapsAndMakingUpAMissedRun() {
    VerificationRequest request =
        new VerificationRequest(
            "db-1",
            "/var/backups",
            Duration.ofDays(7),
            Duration.ofDays(28),
            3,
            null,
            Duration.ofMinutes(30),
            "#db-war-room",
            false,
            0,
            null,
            null);
    String id = VerificationSchedules.id("db-1", "/var/backups");

    Schedule schedule = VerificationSchedules.schedule(id, request, "brian");

    assertThat(id).matches("backup-verification-db-1-[0-9a-f]{8}");
    assertThat(schedule.getSpec().getIntervals())
        .containsExactly(new ScheduleIntervalSpec(Duration.ofDays(7)));
    assertThat(schedule.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofDays(1));
    assertThat(schedule.getPolicy().isPauseOnFailure()).isFalse();
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo(BackupVerificationWorkflow.TYPE);
    assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.SHARED);
    assertThat(action.getOptions().getWorkflowId()).isEqualTo(id);
    assertThat(action.getArguments().get(0, VerificationRequest.class))
        .isEqualTo(request)
        .extracting(VerificationRequest::loop)
        .isEqualTo(false);
    assertThat(schedule.getState().getNote())
        .isEqualTo(
            "restore-test the backups in /var/backups on host db-1 every 7d, RTO 30m, created by"
                + " brian");
  }

  @Test
  void onTheDevServerCreateSaysThereAreNoSchedulesAndWhatToDoInstead() {
    Cli create =
        Cli.run("verify-schedule", "create", "--every", "7d", "--temporal", temporal.address());

    assertThat(create.code()).isEqualTo(9);
    assertThat(create.err().lines()).hasSize(1);
    assertThat(create.err())
        .startsWith("greenlight: this Temporal server has no Schedules (UNIMPLEMENTED")
        .contains("'greenlight verify-schedule run --loop'")
        .contains("'greenlight backups verify --restore-test ID'");
  }

  @Test
  void numbersOutOfRangeAndCredentialsAreRefusedInOneLine() {
    Cli tooOften =
        Cli.run("verify-schedule", "create", "--every", "10m", "--temporal", temporal.address());
    assertThat(tooOften.code()).isEqualTo(2);
    assertThat(tooOften.err()).isEqualTo("greenlight: --every: expected 1h to 90d, found '10m'\n");

    Cli rto =
        Cli.run(
            "verify-schedule",
            "run",
            "--every",
            "7d",
            "--rto",
            "30s",
            "--temporal",
            temporal.address());
    assertThat(rto.code()).isEqualTo(2);
    assertThat(rto.err()).isEqualTo("greenlight: --rto: expected 1m to 7d, found '30s'\n");

    Cli password =
        Cli.run(
            "verify-schedule",
            "create",
            "--every",
            "7d",
            "--scratch-url",
            "jdbc:postgresql://postgres:hunter2@127.0.0.1:5432/postgres",
            "--temporal",
            temporal.address());
    assertThat(password.code()).isEqualTo(2);
    assertThat(password.err()).startsWith("greenlight: --scratch-url: must not carry a password");
    assertThat(password.err()).doesNotContain("hunter2");

    Cli maxAge = Cli.run("backups", "check", "--max-age", "0s", "--temporal", temporal.address());
    assertThat(maxAge.code()).isEqualTo(2);
  }

  @Test
  void aRestoreTestByHandIsRecordedAndAFailureShowsInListAndCheck() throws Exception {
    BackupResult backup = backupOfFiveRows();

    Cli verify = backups("verify", "--restore-test", backup.id(), "--rto", "30m");
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out())
        .startsWith("backup " + backup.id() + " (local copy): passed, restored in ")
        .contains("; 1 tables match the manifest's baseline");
    Cli fresh = backups("check", "--max-age", "26h");
    assertThat(fresh.code()).as(fresh.err()).isZero();
    assertThat(fresh.out()).startsWith("fresh: " + backup.id() + " is ");

    try (RandomAccessFile raw = new RandomAccessFile(backup.location(), "rw")) {
      raw.seek(raw.length() / 2);
      int value = raw.read();
      raw.seek(raw.length() / 2);
      raw.write(value ^ 0xff);
    }
    Cli damaged = backups("verify", "--restore-test", backup.id());
    assertThat(damaged.code()).isEqualTo(7);
    assertThat(damaged.err().lines()).hasSize(1);
    assertThat(damaged.err())
        .contains("backup verification of " + catalog.toAbsolutePath())
        .contains(backup.id() + " (local copy): checksum mismatch in ");

    Cli list = backups("list");
    assertThat(list.out())
        .containsPattern(backup.id() + " .* FAILED ")
        .contains(backup.id() + " FAILED its last check at ");
    Cli stale = backups("check", "--max-age", "26h");
    assertThat(stale.code()).isEqualTo(14);
    assertThat(stale.err())
        .startsWith("greenlight: the newest backup " + backup.id() + " failed its last check at ");

    Cli unknown = backups("verify", "--restore-test", "no-such-backup");
    assertThat(unknown.code()).isEqualTo(3);
  }

  @Test
  void anEmptyCatalogIsNotFresh() {
    Cli stale = backups("check", "--max-age", "26h");

    assertThat(stale.code()).isEqualTo(14);
    assertThat(stale.err()).startsWith("greenlight: no backups in " + catalog.toAbsolutePath());
  }

  @Test
  void whereTheServerHasNoSchedulesTheLoopRunsTheSameVerification() throws Exception {
    BackupResult backup = backupOfFiveRows();
    Cli loop =
        Cli.run(
            "verify-schedule",
            "run",
            "--loop",
            "--every",
            "7d",
            "--directory",
            catalog.toString(),
            "--temporal",
            temporal.address());
    assertThat(loop.code()).as(loop.err()).isZero();
    String id = VerificationSchedules.id(null, catalog.toString());
    assertThat(loop.out()).startsWith("started verification loop " + id + ": a run now");

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Cli check = backups("check", "--max-age", "26h");
    while (check.code() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      check = backups("check", "--max-age", "26h");
    }
    assertThat(check.code()).as("the loop's first run verified " + backup.id()).isZero();

    Cli again =
        Cli.run(
            "verify-schedule",
            "run",
            "--loop",
            "--every",
            "7d",
            "--directory",
            catalog.toString(),
            "--temporal",
            temporal.address());
    assertThat(again.code()).isEqualTo(6);

    Cli delete = Cli.run("verify-schedule", "delete", id, "--temporal", temporal.address());
    assertThat(delete.code()).as(delete.err()).isZero();
    assertThat(delete.out()).isEqualTo("stopped verification loop " + id + "\n");
  }

  private Cli backups(String... args) {
    List<String> line = new ArrayList<>(List.of("backups"));
    line.addAll(List.of(args));
    line.addAll(List.of("--directory", catalog.toString(), "--temporal", temporal.address()));
    return Cli.run(line.toArray(String[]::new));
  }

  private BackupResult backupOfFiveRows() throws Exception {
    database.execute(
        "create table orders (id int primary key)",
        "insert into orders select generate_series(1, 5)");
    BaselineResult baseline =
        new BaselineResult(
            database.name(),
            8192,
            1,
            0,
            List.of(new TableCount("public", "orders", 5, true)),
            Instant.now());
    BackupSpec spec =
        new BackupSpec(
            "pg_dump", catalog.toString(), "custom", null, null, List.of(), null, null, null);
    return new BackupEngine(
            new PgTools(null),
            new dev.greenlight.activities.DatabaseConnector(name -> null),
            Clock.systemUTC())
        .backup(new BackupRequest("k1", "test-pre-a", database.target(), spec, baseline), b -> {});
  }
}
