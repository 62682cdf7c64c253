package dev.greenlight.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The backup catalog of the worker that runs them: the backups in a directory on that worker's
 * disk, read from their manifests. A request names the directory as the worker sees it (null: the
 * worker's default, {@code $GREENLIGHT_BACKUP_DIR} or {@code ./backups} in its working directory)
 * and the host it is meant for (null: any worker); a worker refuses a request meant for another
 * host, so a routing mistake cannot answer from the wrong disk.
 */
@ActivityInterface(namePrefix = "Catalog")
public interface CatalogActivities {

  /** No backup with that id in the catalog (cannot heal by retrying). */
  String NOT_FOUND = "BackupNotFound";

  /** The catalog directory cannot be read, or a backup in it cannot be deleted. */
  String UNREADABLE = "CatalogUnreadable";

  /** The request was meant for another host's worker. */
  String WRONG_HOST = "WrongHost";

  /** A prune's retention policy cannot be read (nothing is deleted). */
  String BAD_POLICY = "RetentionPolicyInvalid";

  /** Every backup in the catalog, newest first. */
  @ActivityMethod
  CatalogListing list(CatalogRequest request);

  /**
   * Checks a backup offline: every file's checksum against the manifest, and that {@code pg_restore
   * --list} reads the archive. Fails with {@link BackupActivities#VERIFICATION_FAILED} and the
   * reason when it is not sound.
   */
  @ActivityMethod
  ArchiveVerification verify(ArchiveRequest request);

  /**
   * Decides for every backup whether the policy keeps it (never a pinned one, nor the newest
   * verified or restore-tested), and with {@code delete} deletes the others. Safe to retry: the
   * policy gives the same verdicts after a partial deletion. Fails with {@link #BAD_POLICY} when
   * the policy cannot be read.
   */
  @ActivityMethod
  PruneResult prune(PruneRequest request);

  /** Pins a backup, or with no reason unpins it; fails with {@link #NOT_FOUND}. */
  @ActivityMethod
  PinResult pin(PinRequest request);
}
