package dev.greenlight.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Scheduled restore tests of a host's catalog (see {@code BackupVerificationWorkflow}): what is in
 * it, one restore test of one copy of one backup, and the verdict recorded beside the backup. Run
 * on the host that holds the catalog; a worker refuses a request meant for another host.
 */
@ActivityInterface(namePrefix = "Verification")
public interface VerificationActivities {

  /**
   * The backup's manifest does not name the server it came from and no scratch server was given
   * (cannot heal by retrying; the backup is not at fault).
   */
  String NO_SCRATCH_SERVER = "NoScratchServer";

  /** Every backup in the catalog with its latest check, newest first. */
  @ActivityMethod
  VerificationCandidates candidates(CatalogRequest request);

  /**
   * Checks one copy of a backup (the local archive in the catalog, or the off-site copy downloaded
   * to a temporary file and checked against the manifest's sha256), restores it into a scratch
   * database and counts its tables against the baseline in the backup's manifest. An unsound backup
   * comes back as {@code sound == false} with the reason; only trouble that may heal (the scratch
   * server, S3 unreachable) is thrown. Heartbeats while it runs.
   */
  @ActivityMethod
  RestoreTestResult restoreTest(RestoreTestRequest request);

  /**
   * Records a check in the backup's manifest (an atomic rewrite: idempotent, crash-safe): a passed
   * check also sets its verification and restore-test times; a failed one marks it failed.
   */
  @ActivityMethod
  void record(CheckRecord request);
}
