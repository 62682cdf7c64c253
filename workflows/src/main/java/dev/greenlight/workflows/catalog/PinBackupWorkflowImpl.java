package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.PinRequest;
import dev.greenlight.workflows.activities.PinResult;
import java.time.Duration;

public class PinBackupWorkflowImpl implements PinBackupWorkflow {

  @Override
  public PinResult pin(PinRequest request) {
    return CatalogRoute.to(
            request.host(),
            (request.reason() == null ? "unpin " : "pin ") + request.backupId(),
            Duration.ofMinutes(1),
            null)
        .pin(request);
  }
}
