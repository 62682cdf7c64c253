package dev.greenlight.workflows.activities;

import java.util.List;

/**
 * What a prune on {@code host} deleted ({@code deleted} true) or would delete, what it kept, and
 * {@code newestVerified}, the backup it never deletes (null when none is verified).
 */
public record PruneResult(
    String host,
    String directory,
    boolean deleted,
    List<String> delete,
    List<String> keep,
    String newestVerified) {

  public PruneResult {
    delete = delete == null ? List.of() : List.copyOf(delete);
    keep = keep == null ? List.of() : List.copyOf(keep);
  }
}
