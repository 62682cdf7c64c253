package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** {@code greenlight backups prune}: a dry run or a deletion, on the host whose catalog it is. */
@WorkflowInterface
public interface PruneBackupsWorkflow {

  @WorkflowMethod(name = "BackupsPrune")
  PruneResult prune(PruneRequest request);
}
