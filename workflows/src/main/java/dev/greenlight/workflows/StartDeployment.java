package dev.greenlight.workflows;

import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.proof.Proof;

/**
 * Input of a deployment: the checked plan, who started it, the plan file it came from, and the
 * SHA-256 of the plan as the client read it ({@code planDigest}; null in runs started before it was
 * recorded), computed by the client so that what approvers saw is pinned in history. {@code proof}
 * is the release lead's signature over the start (null: unsigned), whose words are {@code
 * promotedFrom}: the deployment that qualified this one under the plan's {@code requires} (null:
 * none required).
 */
public record StartDeployment(
    Plan plan,
    String startedBy,
    String planFile,
    String planDigest,
    Proof proof,
    String promotedFrom) {

  /** A start whose plan digest is not known. */
  public StartDeployment(Plan plan, String startedBy, String planFile) {
    this(plan, startedBy, planFile, null, null, null);
  }

  /** A start without promotion. */
  public StartDeployment(
      Plan plan, String startedBy, String planFile, String planDigest, Proof proof) {
    this(plan, startedBy, planFile, planDigest, proof, null);
  }

  /** An unsigned start. */
  public StartDeployment(Plan plan, String startedBy, String planFile, String planDigest) {
    this(plan, startedBy, planFile, planDigest, null, null);
  }
}
