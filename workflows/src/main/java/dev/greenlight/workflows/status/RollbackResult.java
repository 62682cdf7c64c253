package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.format.Sizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gated way back as it stands: what failed ({@code failedStep}, {@code failure}, the
 * verify-change {@code diff}), the verified {@code backup} to restore, the rows that a restore
 * loses ({@code lostRows}: written since the baseline, per table, measured at {@code
 * rowsMeasuredAt}; null when they could not be told, {@code lostRowsNote} says why), then, once
 * approved, the {@code emergencyBackup} of the state before the rollback, the restore ({@code
 * restoredAt} null until it is done) and the {@code comparison} of the restored database with the
 * baseline; {@code cleanup}, what the restore dropped or left that the backup does not contain
 * (null until the restore is done, and in results recorded before it was told).
 */
@JsonTypeName("rollback")
public record RollbackResult(
    String failedStep,
    String failure,
    List<String> diff,
    VerifiedBackup backup,
    List<RowCounters> lostRows,
    String lostRowsNote,
    Instant rowsMeasuredAt,
    BackupResult emergencyBackup,
    long restoreMillis,
    Instant restoredAt,
    ChangeVerification comparison,
    RestoreCleanup cleanup)
    implements StepResult {

  public RollbackResult {
    diff = diff == null ? List.of() : List.copyOf(diff);
    lostRows = lostRows == null ? null : List.copyOf(lostRows);
  }

  /** This rollback with its emergency backup taken. */
  public RollbackResult withEmergencyBackup(BackupResult backup) {
    return new RollbackResult(
        failedStep,
        failure,
        diff,
        this.backup,
        lostRows,
        lostRowsNote,
        rowsMeasuredAt,
        backup,
        restoreMillis,
        restoredAt,
        comparison,
        cleanup);
  }

  /** This rollback with its restore done. */
  public RollbackResult withRestore(RestoreResult restore) {
    return new RollbackResult(
        failedStep,
        failure,
        diff,
        backup,
        lostRows,
        lostRowsNote,
        rowsMeasuredAt,
        emergencyBackup,
        restore.restoreMillis(),
        restore.restoredAt(),
        comparison,
        restore.cleanup());
  }

  /** This rollback with the restored database compared with the baseline. */
  public RollbackResult withComparison(ChangeVerification value) {
    return new RollbackResult(
        failedStep,
        failure,
        diff,
        backup,
        lostRows,
        lostRowsNote,
        rowsMeasuredAt,
        emergencyBackup,
        restoreMillis,
        restoredAt,
        value,
        cleanup);
  }

  /** Rows inserted, updated and deleted since the baseline, over all tables; -1 when unknown. */
  public long lostRowsTotal() {
    return lostRows == null ? -1 : lostRows.stream().mapToLong(RowCounters::total).sum();
  }

  @Override
  public String summary() {
    if (restoredAt != null) {
      return "restored "
          + backup.id()
          + " in "
          + seconds(restoreMillis)
          + (comparison == null
              ? ""
              : comparison.passed()
                  ? "; the database matches the baseline"
                  : "; the database does NOT match the baseline")
          + (emergencyBackup == null ? "" : "; emergency backup " + emergencyBackup.id())
          + (cleanup == null || cleanup.summary().isEmpty() ? "" : "; " + cleanup.summary());
    }
    if (emergencyBackup != null) {
      return "restoring " + backup.id() + " after emergency backup " + emergencyBackup.id();
    }
    return "would restore "
        + backup.id()
        + (backup.restoreMillis() == null
            ? ""
            : " (restore test took " + seconds(backup.restoreMillis()) + ")")
        + "; "
        + (lostRows == null
            ? "rows written since the baseline: unknown"
            : String.format(Locale.ROOT, "%,d", lostRowsTotal())
                + " rows written since the baseline would be lost");
  }

  @Override
  public List<String> details() {
    List<String> lines = new ArrayList<>();
    if (failedStep != null) {
      lines.add("failed: " + failedStep + ": " + failure);
    } else if (failure != null) {
      lines.add("asked: " + failure);
    }
    if (!diff.isEmpty()) {
      lines.add("diff of verify-change:");
      diff.forEach(line -> lines.add("  " + line));
    }
    lines.add(
        "backup to restore: "
            + backup.id()
            + ", "
            + Sizes.bytes(backup.bytes())
            + ", sha256 "
            + backup.sha256());
    lines.add(
        "  restore-tested: "
            + (backup.restoreTested() ? "yes" : "no")
            + (backup.restoreMillis() == null
                ? ""
                : ", in " + seconds(backup.restoreMillis()) + " (the expected restore time)"));
    if (lostRows == null) {
      lines.add(
          "rows written since the baseline: unknown"
              + (lostRowsNote == null ? "" : " (" + lostRowsNote + ")"));
    } else {
      lines.add("rows written since the baseline (lost by the restore):");
      int width = lostRows.stream().mapToInt(r -> r.qualifiedName().length()).max().orElse(5);
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %9s  %9s  %9s",
              "table",
              "inserted",
              "updated",
              "deleted"));
      for (RowCounters row : lostRows) {
        if (row.total() > 0) {
          lines.add(
              String.format(
                  Locale.ROOT,
                  "  %-" + width + "s  %9d  %9d  %9d",
                  row.qualifiedName(),
                  row.inserted(),
                  row.updated(),
                  row.deleted()));
        }
      }
      long quiet = lostRows.stream().filter(r -> r.total() == 0).count();
      if (quiet > 0) {
        lines.add("  " + quiet + (quiet == 1 ? " other table" : " other tables") + " unwritten");
      }
    }
    if (emergencyBackup != null) {
      lines.add(
          "emergency backup: "
              + emergencyBackup.id()
              + " ("
              + emergencyBackup.label()
              + ", "
              + Sizes.bytes(emergencyBackup.bytes())
              + ", sha256 "
              + emergencyBackup.sha256()
              + ")");
    }
    if (comparison != null) {
      lines.add(
          "after the restore, against the baseline: "
              + (comparison.passed() ? "as before the change" : comparison.reason()));
      comparison.table().forEach(line -> lines.add("  " + line));
    }
    if (cleanup != null) {
      lines.addAll(cleanup.lines());
    }
    return lines;
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
