package dev.greenlight.activities;

import dev.greenlight.activities.backup.BackupEngine;
import dev.greenlight.activities.backup.Verifier;
import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.activities.EvidenceFacts;
import dev.greenlight.workflows.activities.EvidenceRequest;
import dev.greenlight.workflows.activities.VerifyRequest;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.VerificationResult;
import io.temporal.activity.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Backups and their verification, heartbeating with the bytes written while they run. */
public class BackupActivitiesImpl implements BackupActivities {

  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);

  private final BackupEngine engine;
  private final Verifier verifier;

  public BackupActivitiesImpl(BackupEngine engine, Verifier verifier) {
    this.engine = engine;
    this.verifier = verifier;
  }

  @Override
  public BackupResult backup(BackupRequest request) {
    var context = Activity.getExecutionContext();
    long start = System.nanoTime();
    BackupResult result = engine.backup(request, bytes -> context.heartbeat(bytes));
    ActivityMetrics.recordBackup(
        java.time.Duration.ofNanos(System.nanoTime() - start), result.bytes());
    log.info(
        "backup {} complete: {} bytes at {}, sha256 {}",
        result.id(),
        result.bytes(),
        result.location(),
        result.sha256());
    return result;
  }

  @Override
  public EvidenceFacts recheck(EvidenceRequest request) {
    EvidenceFacts facts = verifier.recheck(request);
    log.info("evidence rechecked: {}", facts);
    return facts;
  }

  @Override
  public VerificationResult verify(VerifyRequest request) {
    var context = Activity.getExecutionContext();
    VerificationResult result =
        verifier.verify(
            request, progress -> context.heartbeat(progress), context.getInfo().getWorkflowId());
    log.info("backup {} verified: {}", result.backupId(), result);
    return result;
  }
}
