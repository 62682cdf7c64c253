package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The change as observed against the baseline and the plan's declarations: one {@link DiffRow} per
 * table, for the index and policy counts, and per check. {@code failures} name what did not hold;
 * {@code passed} when there are none. Computed by {@code change.ChangeDiff}.
 */
@JsonTypeName("change-verification")
public record ChangeVerification(
    boolean passed, List<DiffRow> rows, List<String> failures, Instant verifiedAt)
    implements StepResult {

  public ChangeVerification {
    rows = List.copyOf(rows);
    failures = List.copyOf(failures);
  }

  /** Why it failed, in one line; null when it passed. */
  public String reason() {
    return passed
        ? null
        : "not as declared: "
            + String.join("; ", failures.subList(0, Math.min(3, failures.size())))
            + (failures.size() > 3 ? "; and " + (failures.size() - 3) + " more" : "");
  }

  @Override
  public String summary() {
    if (!passed) {
      return reason();
    }
    long tables = rows.stream().filter(r -> r.kind() == DiffRow.Kind.TABLE).count();
    long changed = rows.stream().filter(r -> r.kind() == DiffRow.Kind.TABLE && !r.quiet()).count();
    long checks = rows.stream().filter(r -> r.kind() == DiffRow.Kind.CHECK).count();
    StringBuilder text =
        new StringBuilder("as declared: ")
            .append(tables)
            .append(tables == 1 ? " table (" : " tables (")
            .append(changed)
            .append(" changed or declared)");
    rows.stream()
        .filter(r -> r.kind() == DiffRow.Kind.INDEXES || r.kind() == DiffRow.Kind.POLICIES)
        .forEach(r -> text.append(", ").append(r.subject()).append(' ').append(r.change()));
    if (checks > 0) {
      text.append(", ").append(checks).append(checks == 1 ? " check held" : " checks held");
    }
    return text.toString();
  }

  /**
   * The diff as a text table (table, before, after, change, expected, verdict): every row that
   * changed, was declared or failed; {@code others} unchanged rows are counted in a last line.
   */
  public List<String> table() {
    List<DiffRow> shown = new ArrayList<>();
    int others = 0;
    for (DiffRow row : rows) {
      if (row.quiet()) {
        others++;
      } else {
        shown.add(row);
      }
    }
    String[] header = {"", "before", "after", "change", "expected", "verdict"};
    int[] width = new int[header.length];
    List<String[]> cells = new ArrayList<>();
    cells.add(header);
    for (DiffRow row : shown) {
      cells.add(
          new String[] {
            row.subject(),
            dash(row.before()),
            dash(row.after()),
            dash(row.change()),
            row.expected(),
            row.verdict() + (row.note() == null ? "" : " (" + row.note() + ")")
          });
    }
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        String cell = line[i];
        boolean number = i >= 1 && i <= 3;
        String pad = " ".repeat(width[i] - cell.length());
        text.append(number ? pad + cell : cell + pad).append(i < line.length - 1 ? "  " : "");
      }
      lines.add(text.toString().stripTrailing());
    }
    if (others > 0) {
      lines.add(
          others == 1
              ? "1 other table unchanged, as expected"
              : others + " other tables unchanged, as expected");
    }
    return lines;
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }

  @Override
  public List<String> details() {
    return table();
  }
}
