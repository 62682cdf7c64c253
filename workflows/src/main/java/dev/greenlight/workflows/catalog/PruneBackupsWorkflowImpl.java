package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.PruneRequest;
import dev.greenlight.workflows.activities.PruneResult;
import java.time.Duration;

public class PruneBackupsWorkflowImpl implements PruneBackupsWorkflow {

  @Override
  public PruneResult prune(PruneRequest request) {
    return CatalogRoute.to(
            request.host(),
            request.delete() ? "prune the catalog" : "prune the catalog (dry run)",
            Duration.ofMinutes(30),
            Duration.ofMinutes(1))
        .prune(request);
  }
}
