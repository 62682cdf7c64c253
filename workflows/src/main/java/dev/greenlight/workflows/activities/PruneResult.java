package dev.greenlight.workflows.activities;

import java.util.List;

/**
 * What a prune on {@code host} decided for every backup of its catalog, newest first; with {@code
 * deleted} the backups not kept are gone (one pinned while the prune ran is kept, and says so).
 */
public record PruneResult(
    String host, String directory, boolean deleted, List<PruneDecision> decisions) {

  public PruneResult {
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  /** How many backups were deleted, or would be in a dry run. */
  public long toDelete() {
    return decisions.stream().filter(d -> !d.keep()).count();
  }
}
