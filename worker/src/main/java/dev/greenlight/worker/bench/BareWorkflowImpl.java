package dev.greenlight.worker.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link BareWorkflow}. */
public class BareWorkflowImpl implements BareWorkflow {

  private final BenchActivities activities =
      Workflow.newActivityStub(
          BenchActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
  private boolean approved;

  @Override
  public Result run(Run run) {
    if (run.gate()) {
      activities.noop("started");
      Workflow.await(() -> approved);
    }
    for (int i = 0; i < run.activities(); i++) {
      activities.noop("step-" + i);
    }
    return new Result(run.activities());
  }

  @Override
  public Approval approve(Approval approval) {
    approved = true;
    return approval;
  }
}
