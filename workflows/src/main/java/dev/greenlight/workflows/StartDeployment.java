package dev.greenlight.workflows;

import dev.greenlight.workflows.plan.Plan;

/**
 * Input of a deployment: the checked plan, who started it, the plan file it came from, and the
 * SHA-256 of the plan as the client read it ({@code planDigest}; null in runs started before it was
 * recorded), computed by the client so that what approvers saw is pinned in history.
 */
public record StartDeployment(Plan plan, String startedBy, String planFile, String planDigest) {

  /** A start whose plan digest is not known. */
  public StartDeployment(Plan plan, String startedBy, String planFile) {
    this(plan, startedBy, planFile, null);
  }
}
