package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Puts catalogued backup {@code backupId} back into the plan's database: on {@code host}, the
 * worker whose catalog {@code directory} (a path on that host) holds it, after an emergency backup
 * of the database into the same catalog, encrypted with {@code encrypt} (the source backup's
 * keyset; null when the source is not encrypted). Requested with {@code greenlight restore}, not
 * written in plan files.
 */
@JsonTypeName("restore")
public record RestoreSpec(String backupId, String host, String directory, EncryptSpec encrypt)
    implements StepSpec {

  @Override
  public String describe() {
    return "restore: backup "
        + backupId
        + " from host "
        + host
        + ", after an emergency backup into "
        + directory;
  }
}
