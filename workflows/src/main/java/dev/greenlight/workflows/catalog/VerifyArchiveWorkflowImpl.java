package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.ArchiveRequest;
import dev.greenlight.workflows.activities.ArchiveVerification;
import java.time.Duration;

public class VerifyArchiveWorkflowImpl implements VerifyArchiveWorkflow {

  @Override
  public ArchiveVerification verify(ArchiveRequest request) {
    return CatalogRoute.to(
            request.host(),
            "verify " + request.backupId(),
            Duration.ofHours(6),
            Duration.ofMinutes(1))
        .verify(request);
  }
}
