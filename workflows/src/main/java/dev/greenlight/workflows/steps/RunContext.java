package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.status.VerifiedBackup;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

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
