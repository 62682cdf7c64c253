package dev.greenlight.workflows.status;

/**
 * One line of a change verification: a table's rows, the index or policy count, or a check; its
 * value before and after the change (null: absent, or not applicable), the change, what the plan
 * expected (and whether the plan said so, or it is the default for undeclared tables), whether that
 * held, and a note ({@code estimated}, {@code added}, an error).
 */
public record DiffRow(
    Kind kind,
    String subject,
    String before,
    String after,
    String change,
    String expected,
    boolean declared,
    boolean ok,
    String note) {

  /** What a row is about. */
  public enum Kind {
    TABLE,
    INDEXES,
    POLICIES,
    CHECK
  }

  public String verdict() {
    return ok ? "ok" : "FAILED";
  }

  /** An undeclared table whose rows did not change: one of the many a report need not list. */
  public boolean quiet() {
    return kind == Kind.TABLE && !declared && ok && "0".equals(change);
  }
}
