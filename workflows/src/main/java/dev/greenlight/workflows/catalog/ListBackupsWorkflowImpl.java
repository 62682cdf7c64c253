package dev.greenlight.workflows.catalog;

import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import java.time.Duration;

public class ListBackupsWorkflowImpl implements ListBackupsWorkflow {

  @Override
  public CatalogListing list(CatalogRequest request) {
    return CatalogRoute.to(request.host(), "list the catalog", Duration.ofMinutes(2), null)
        .list(request);
  }
}
