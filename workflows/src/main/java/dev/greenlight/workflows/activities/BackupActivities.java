package dev.greenlight.workflows.activities;

import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Takes and verifies the backup that is the only way back. */
@ActivityInterface
public interface BackupActivities {

  /** Failure types that cannot heal by retrying. */
  String TOOL_MISSING = "BackupToolMissing";

  String TOOL_TOO_OLD = "BackupToolTooOld";
  String NOT_WRITABLE = "BackupDirectoryNotWritable";
  String DISK_FULL = "BackupDiskFull";
  String BAD_COMMAND_OUTPUT = "BackupCommandOutputInvalid";
  String VERIFICATION_FAILED = "BackupVerificationFailed";

  /** The encryption keyset is missing, unreadable or lacks the key a backup was encrypted with. */
  String KEY_UNAVAILABLE = "BackupKeyUnavailable";

  /** The off-site store refuses the worker (credentials, permissions, no such bucket). */
  String OFFSITE_REFUSED = "BackupOffsiteRefused";

  /** Retryable: the off-site copy failed (store unreachable, 5xx); the local backup is complete. */
  String OFFSITE_FAILED = "BackupOffsiteFailed";

  /** Retryable: the dump or the command failed, and may succeed on the next attempt. */
  String BACKUP_FAILED = "BackupFailed";

  /**
   * Takes a backup, or returns the one already completed for the same idempotency key. A failed
   * attempt leaves nothing registered.
   */
  @ActivityMethod
  BackupResult backup(BackupRequest request);

  /**
   * Checks a backup; fails with {@link #VERIFICATION_FAILED} and the reason when it is not sound.
   */
  @ActivityMethod
  VerificationResult verify(VerifyRequest request);

  /**
   * Checks that the evidence approvals were given on still holds: which database (and server) the
   * target is, and that the backup's archive is still there with the same checksums. Read-only;
   * reports what it found rather than failing on it.
   */
  @ActivityMethod
  EvidenceFacts recheck(EvidenceRequest request);
}
