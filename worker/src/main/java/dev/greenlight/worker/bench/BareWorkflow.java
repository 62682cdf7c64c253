package dev.greenlight.worker.bench;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The yardstick of {@code greenlight bench orchestration}: a bare workflow that runs no-op
 * activities one after another, optionally after one no-op and a wait for an update (a gate with
 * nothing around it).
 */
@WorkflowInterface
public interface BareWorkflow {

  /** {@code activities} no-ops in sequence; with {@code gate}, first one no-op and an update. */
  record Run(int activities, boolean gate) {}

  record Approval(String by) {}

  record Result(int activities) {}

  @WorkflowMethod(name = "BareBench")
  Result run(Run run);

  @UpdateMethod
  Approval approve(Approval approval);
}
