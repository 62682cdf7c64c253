package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** {@code greenlight backups list}: one activity on the host whose catalog is asked for. */
@WorkflowInterface
public interface ListBackupsWorkflow {

  @WorkflowMethod(name = "BackupsList")
  CatalogListing list(CatalogRequest request);
}
