package dev.greenlight.workflows.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pg_restore --clean} alone would have left behind, after a restore: the schema history
 * tables of the plan's {@code apply} steps that the backup did not contain, so the change created
 * them, and that were dropped ({@code droppedHistory}: a deployment run again applies its files
 * again); those the backup contains, restored to their rows before the change ({@code
 * keptHistory}); and the other tables, views and sequences the backup does not contain, left in
 * place ({@code notInBackup}: something created them after the backup, the change or not). Names
 * are {@code schema.name}.
 */
public record RestoreCleanup(
    List<String> droppedHistory, List<String> keptHistory, List<String> notInBackup) {

  public RestoreCleanup {
    droppedHistory = droppedHistory == null ? List.of() : List.copyOf(droppedHistory);
    keptHistory = keptHistory == null ? List.of() : List.copyOf(keptHistory);
    notInBackup = notInBackup == null ? List.of() : List.copyOf(notInBackup);
  }

  /** One clause for a summary, or an empty string when there is nothing to say. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (!droppedHistory.isEmpty()) {
      parts.add("dropped history " + String.join(", ", droppedHistory) + " (not in the backup)");
    }
    if (!notInBackup.isEmpty()) {
      parts.add(
          notInBackup.size()
              + (notInBackup.size() == 1 ? " object" : " objects")
              + " not in the backup left in place");
    }
    return String.join("; ", parts);
  }

  /** Detail lines: each history table and what became of it, each object left in place. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    droppedHistory.forEach(
        table ->
            lines.add(
                "history " + table + ": dropped (created after the backup; files apply again)"));
    keptHistory.forEach(
        table -> lines.add("history " + table + ": restored to its rows before the change"));
    if (!notInBackup.isEmpty()) {
      lines.add("not in the backup, left in place (drop them if the change created them):");
      notInBackup.forEach(name -> lines.add("  " + name));
    }
    return lines;
  }
}
