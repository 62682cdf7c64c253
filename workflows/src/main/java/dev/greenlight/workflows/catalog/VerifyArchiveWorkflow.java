package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** {@code greenlight backups verify}: the offline check, on the host that holds the archive. */
@WorkflowInterface
public interface VerifyArchiveWorkflow {

  @WorkflowMethod(name = "BackupsVerify")
  ArchiveVerification verify(ArchiveRequest request);
}
