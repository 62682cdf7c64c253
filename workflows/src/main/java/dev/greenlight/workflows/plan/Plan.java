package dev.greenlight.workflows.plan;

import java.util.List;
import java.util.Map;

/**
 * A deployment plan as the release lead wrote it: what to deploy where, who may approve, and the
 * ordered checklist. Holds no secret: the database password is named by {@link
 * DatabaseTarget#passwordEnv()}, read by the worker from its own environment.
 */
public record Plan(
    String release,
    String environment,
    DatabaseTarget database,
    Map<String, Approver> approvers,
    List<Step> steps) {

  public Plan {
    approvers = Map.copyOf(approvers);
    steps = List.copyOf(steps);
  }
}
