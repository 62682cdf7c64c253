package dev.greenlight.workflows;

import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.DeploymentStatus;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Shows where a deployment stands in the Temporal UI: current details (Markdown, every time) and
 * the search attributes (when they changed). Deployments started before version 1 of {@code
 * "ui-progress"} carry no search attributes and keep it that way when they replay.
 */
final class Progress {

  private final Plan plan;
  private final String startedBy;
  private Integer version;
  private List<Object> published = List.of();

  Progress(Plan plan, String startedBy) {
    this.plan = plan;
    this.startedBy = startedBy;
  }

  /** {@code awaiting}: who the open gate waits for (empty when none is open). */
  void show(DeploymentStatus status, List<String> awaiting) {
    Workflow.setCurrentDetails(ProgressMarkdown.render(status));
    if (version == null) {
      version = Workflow.getVersion("ui-progress", Workflow.DEFAULT_VERSION, 1);
    }
    if (version < 1) {
      return;
    }
    String step = status.currentStep() == null ? "" : status.currentStep();
    List<Object> values = List.of(status.state().name(), step, awaiting);
    if (values.equals(published)) {
      return;
    }
    published = values;
    Workflow.upsertTypedSearchAttributes(
        DeploymentSearchAttributes.RELEASE.valueSet(plan.release()),
        DeploymentSearchAttributes.ENVIRONMENT.valueSet(plan.environment()),
        DeploymentSearchAttributes.STARTED_BY.valueSet(startedBy),
        DeploymentSearchAttributes.STATE.valueSet(status.state().name()),
        DeploymentSearchAttributes.STEP.valueSet(step),
        DeploymentSearchAttributes.AWAITING.valueSet(awaiting));
  }
}
