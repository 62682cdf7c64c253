package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.PinRequest;
import dev.greenlight.workflows.activities.PinResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** {@code greenlight backups pin} and {@code unpin}, on the host whose catalog it is. */
@WorkflowInterface
public interface PinBackupWorkflow {

  @WorkflowMethod(name = "BackupsPin")
  PinResult pin(PinRequest request);
}
