package dev.greenlight.activities.backup;

import dev.greenlight.activities.TestDatabase;
import dev.greenlight.workflows.activities.BackupRequest;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import java.util.List;

/**
 * A worker-like JVM for {@link ChildrenDieWithTheWorkerTest}: takes one two-job directory-format
 * backup of database {@code args[0]} into {@code args[1]} through {@link BackupEngine}, as an
 * activity would.
 */
final class DumpingWorker {

  private DumpingWorker() {}

  public static void main(String[] args) {
    String database = args[0];
    BackupSpec spec = new BackupSpec("pg_dump", args[1], "directory", 2, 1, List.of(), null);
    DatabaseTarget target =
        new DatabaseTarget(TestDatabase.url(database), TestDatabase.USER, null, database);
    Backups.engine()
        .backup(new BackupRequest("dumping-worker", "orphans", target, spec, null), bytes -> {});
  }
}
