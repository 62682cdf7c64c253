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

/**
 * Backups and their verification, heartbeating with the bytes written while they run. A backup's
 * result names this worker's host queue, where the activities that read its archive must run.
 */
public class BackupActivitiesImpl implements BackupActivities {

  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);

  private final BackupEngine engine;
  private final Verifier verifier;
  private final WorkerHost host;

  public BackupActivitiesImpl(BackupEngine engine, Verifier verifier, WorkerHost host) {
    this.engine = engine;
    this.verifier = verifier;
    this.host = host;
  }

  @Override
  public BackupResult backup(BackupRequest request) {
    var context = Activity.getExecutionContext();
    long start = System.nanoTime();
    BackupResult result = host.holding(engine.backup(request, bytes -> context.heartbeat(bytes)));
    ActivityMetrics.recordBackup(
        java.time.Duration.ofNanos(System.nanoTime() - start), result.bytes());
    log.info(
        "backup {} complete: {} bytes at {} on host {}, sha256 {}",
        result.id(),
        result.bytes(),
        result.location(),
        host.name(),
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
