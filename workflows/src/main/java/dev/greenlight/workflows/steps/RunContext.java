package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.activities.BackupActivities;
import dev.greenlight.workflows.activities.EvidenceFacts;
import dev.greenlight.workflows.activities.EvidenceRequest;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.proof.Digests;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.PreflightResult;
import dev.greenlight.workflows.status.VerifiedBackup;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the steps of one run share: the plan, the run's evidence as it accumulates (the baseline,
 * the backup, the verified backup: the way back), and the workflow's voice (war room, progress).
 * Runners read and write it instead of reaching into the workflow. Workflow code: deterministic.
 */
public final class RunContext {

  /** What the workflow running the steps provides them. */
  public interface Surface {

    /** Tells the war room; a message that cannot be delivered is counted, never fatal. */
    NotifyResult announce(String text);

    /** Shows where the run stands (Temporal UI, the living war-room message). */
    void publish();

    /** People as the war room mentions them. */
    String mentions(List<String> people);

    /** The run waits for people (true) or works again (false). */
    void awaitingApproval(boolean waiting);
  }

  private final Plan plan;
  private final String startedBy;
  private final String planDigest;
  private final Surface surface;
  private BaselineResult baseline;
  private BaselineSpec baselineSpec;
  private StepRun backupStep;
  private VerifiedBackup verifiedBackup;
  private PreflightResult identity;
  private String backupProblem;
  private String databaseProblem;
  private boolean rolledBack;

  public RunContext(Plan plan, String startedBy, String planDigest, Surface surface) {
    this.plan = plan;
    this.startedBy = startedBy;
    this.planDigest = planDigest;
    this.surface = surface;
  }

  public Plan plan() {
    return plan;
  }

  /** Who started the run: the release lead, who never approves its gates. */
  public String startedBy() {
    return startedBy;
  }

  /** SHA-256 of the plan as started (null for runs started before it was recorded). */
  public String planDigest() {
    return planDigest;
  }

  /** The latest baseline of this run, or null. */
  public BaselineResult baseline() {
    return baseline;
  }

  /** Records the baseline and what it selected, so the change can be observed the same way. */
  public void recordBaseline(BaselineSpec spec, BaselineResult value) {
    baselineSpec = spec;
    baseline = value;
  }

  /** The target's identity as the latest preflight found it (database and server), or null. */
  public PreflightResult identity() {
    return identity;
  }

  public void recordIdentity(PreflightResult value) {
    identity = value;
    databaseProblem = null;
  }

  /**
   * The evidence approvals are bound to, as it stands: the plan digest, the target's identity, the
   * latest baseline and the backup (verified or not), with its digest. Deterministic.
   */
  public Evidence evidence() {
    String database =
        identity == null
            ? null
            : identity.database()
                + (identity.systemIdentifier() == null
                    ? ""
                    : " on server " + identity.systemIdentifier())
                + (databaseProblem == null ? "" : " (" + databaseProblem + ")");
    String baselineLine =
        baseline == null ? null : baseline.summary() + ", captured " + baseline.capturedAt();
    String backupLine = null;
    BackupResult latest = backup();
    if (verifiedBackup != null) {
      backupLine =
          verifiedBackup.id()
              + ", "
              + verifiedBackup.bytes()
              + " bytes, sha256 "
              + verifiedBackup.sha256()
              + ", verified "
              + verifiedBackup.verifiedAt()
              + (verifiedBackup.restoreTested() ? ", restore test passed" : ", no restore test");
    } else if (latest != null) {
      backupLine =
          latest.id()
              + ", "
              + latest.bytes()
              + " bytes, sha256 "
              + latest.sha256()
              + ", unverified";
    }
    if (backupLine != null && backupProblem != null) {
      backupLine += " (" + backupProblem + ")";
    }
    String text =
        "greenlight evidence v1\nplan: "
            + planDigest
            + "\ndatabase: "
            + database
            + "\nbaseline: "
            + baselineLine
            + "\nbackup: "
            + backupLine
            + "\n";
    return new Evidence(Digests.sha256(text), planDigest, database, baselineLine, backupLine);
  }

  /** Whether there is evidence outside the workflow (a database identity, a backup) to recheck. */
  public boolean hasExternalEvidence() {
    return (identity != null && identity.systemIdentifier() != null) || backup() != null;
  }

  /**
   * The hook a step that changes the database calls just before it does (the generic check in the
   * workflow runs it before every step whose spec says {@code changesDatabase()}): checks again
   * that the target is the same database on the same server and that the backup is still there with
   * the same checksums. Returns null when it holds, otherwise why not; the evidence then says what
   * changed.
   */
  public String recheckEvidence(String summary) {
    EvidenceFacts facts =
        ActivityStubs.stub(
                BackupActivities.class,
                summary,
                Duration.ofHours(2),
                null,
                ActivityStubs.CHECK_RETRY,
                null)
            .recheck(new EvidenceRequest(plan.database(), backup()));
    String problem = null;
    if (identity != null && facts != null) {
      if (!Objects.equals(identity.database(), facts.database())) {
        problem = "the target is now database " + facts.database() + ", not " + identity.database();
      } else if (identity.systemIdentifier() != null
          && !Objects.equals(identity.systemIdentifier(), facts.systemIdentifier())) {
        problem =
            "the target is now on server "
                + facts.systemIdentifier()
                + ", not "
                + identity.systemIdentifier();
      }
    }
    databaseProblem = problem;
    backupProblem = facts == null ? null : facts.backupProblem();
    if (problem != null && backupProblem != null) {
      return problem + "; backup " + backup().id() + ": " + backupProblem;
    }
    return problem != null
        ? problem
        : backupProblem == null ? null : "backup " + backup().id() + ": " + backupProblem;
  }

  /** What the latest baseline selected, or null. */
  public BaselineSpec baselineSpec() {
    return baselineSpec;
  }

  /** The latest backup of this run, or null. */
  public BackupResult backup() {
    return backupStep == null ? null : (BackupResult) backupStep.result();
  }

  /** The step that took the latest backup, or null. */
  public StepRun backupStep() {
    return backupStep;
  }

  public void recordBackup(StepRun step) {
    backupStep = step;
  }

  /** The backup that is this run's way back, once verified; or null. */
  public VerifiedBackup verifiedBackup() {
    return verifiedBackup;
  }

  public void recordVerifiedBackup(VerifiedBackup value) {
    verifiedBackup = value;
  }

  /** Whether this run restored its way back: it ends ROLLED_BACK instead of SUCCEEDED. */
  public boolean rolledBack() {
    return rolledBack;
  }

  public void recordRolledBack() {
    rolledBack = true;
  }

  /**
   * A key that names one try of one step of this run, so a retried activity finds what it already
   * did instead of doing it again.
   */
  public String idempotencyKey(String step, int attempt) {
    return Workflow.getInfo().getWorkflowId()
        + "/"
        + Workflow.getInfo().getRunId()
        + "/"
        + step
        + "/"
        + attempt;
  }

  /**
   * Fills {@code {backup.id}}, {@code {backup.location}}, {@code {backup.bytes}}, {@code
   * {backup.sha256}} with this run's latest backup.
   */
  public String fill(String text) {
    BackupResult latest = backup();
    if (latest == null) {
      return text;
    }
    return text.replace("{backup.id}", latest.id())
        .replace("{backup.location}", String.valueOf(latest.location()))
        .replace("{backup.bytes}", Long.toString(latest.bytes()))
        .replace("{backup.sha256}", String.valueOf(latest.sha256()));
  }

  public NotifyResult announce(String text) {
    return surface.announce(text);
  }

  public void publish() {
    surface.publish();
  }

  public String mentions(List<String> people) {
    return surface.mentions(people);
  }

  public void awaitingApproval(boolean waiting) {
    surface.awaitingApproval(waiting);
  }

  public Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
