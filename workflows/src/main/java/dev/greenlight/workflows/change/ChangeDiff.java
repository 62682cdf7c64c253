package dev.greenlight.workflows.change;

import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.ChangeObservation.CheckOutcome;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.CheckSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.TableExpectation;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.DiffRow;
import dev.greenlight.workflows.status.TableCount;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Declared against observed: compares the baseline taken before the change with the one taken after
 * it and with what the plan declares, row by row. Tables the plan declares nothing about must stay
 * within {@code otherTables} (default: unchanged) and must not appear or disappear; the index and
 * policy counts must change as declared (default: not at all); every check must return its value.
 * Pure and deterministic: no Temporal, no JDBC, so workflow code may call it.
 */
public final class ChangeDiff {

  private ChangeDiff() {}

  public static ChangeVerification compare(
      BaselineResult before, ChangeObservation observed, VerifyChangeSpec spec, Instant at) {
    List<DiffRow> rows = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    BaselineResult after = observed.after();

    Map<TableName, Expectation> declared = new LinkedHashMap<>();
    for (TableExpectation table : spec.tables()) {
      TableName name;
      try {
        name = TableName.parse(table.table());
      } catch (IllegalArgumentException e) {
        failures.add(e.getMessage());
        continue;
      }
      Expectation expectation = expectation(table.expect(), table.table(), failures);
      if (expectation != null) {
        declared.put(name, expectation);
      }
    }
    Expectation others = expectation(spec.otherTables(), "otherTables", failures);
    if (others == null) {
      others = Expectation.UNCHANGED;
    }
    Map<TableName, TableCount> was = byName(before.tables());
    Map<TableName, TableCount> now = byName(after.tables());
    Set<TableName> all = new LinkedHashSet<>(was.keySet());
    all.addAll(now.keySet());
    all.addAll(declared.keySet());
    for (TableName table : all) {
      rows.add(
          tableRow(
              table,
              was.get(table),
              now.get(table),
              declared.getOrDefault(table, others),
              declared.containsKey(table),
              failures));
    }
    rows.add(
        countRow(
            DiffRow.Kind.INDEXES,
            "indexes",
            before.indexCount(),
            after.indexCount(),
            spec.indexes(),
            failures));
    rows.add(
        countRow(
            DiffRow.Kind.POLICIES,
            "RLS policies",
            before.policyCount(),
            after.policyCount(),
            spec.policies(),
            failures));
    List<CheckOutcome> outcomes = observed.checks();
    for (int i = 0; i < spec.checks().size(); i++) {
      CheckOutcome outcome = i < outcomes.size() ? outcomes.get(i) : null;
      rows.add(checkRow(spec.checks().get(i), outcome, failures));
    }
    return new ChangeVerification(failures.isEmpty(), rows, failures, at);
  }

  private static DiffRow tableRow(
      TableName table,
      TableCount was,
      TableCount now,
      Expectation expected,
      boolean isDeclared,
      List<String> failures) {
    String name = table.toString();
    String estimated =
        (was != null && !was.exact()) || (now != null && !now.exact()) ? "estimated" : null;
    if (was != null && now != null) {
      long change = now.rows() - was.rows();
      boolean ok = expected.allows(was.rows(), now.rows());
      if (!ok) {
        failures.add(
            switch (expected.kind()) {
              case ADDED -> name + " existed before (expected added)";
              case REMOVED -> name + " still exists (expected removed)";
              default ->
                  name
                      + " rows "
                      + Expectation.signed(change)
                      + " (expected "
                      + expected.describe()
                      + (isDeclared ? "" : ", as an undeclared table")
                      + ")";
            });
      }
      return new DiffRow(
          DiffRow.Kind.TABLE,
          name,
          count(was.rows()),
          count(now.rows()),
          Expectation.signed(change),
          expected.describe(),
          isDeclared,
          ok,
          estimated);
    }
    if (now != null) {
      boolean ok =
          isDeclared
              && switch (expected.kind()) {
                case ADDED, ANY -> true;
                case REMOVED -> false;
                default -> expected.allows(0, now.rows());
              };
      if (!ok) {
        failures.add(
            name
                + " was added"
                + (isDeclared
                    ? " with " + count(now.rows()) + " rows (expected " + expected.describe() + ")"
                    : " (the plan does not declare it)"));
      }
      return new DiffRow(
          DiffRow.Kind.TABLE,
          name,
          null,
          count(now.rows()),
          Expectation.signed(now.rows()),
          isDeclared ? expected.describe() : "unchanged",
          isDeclared,
          ok,
          "added");
    }
    if (was != null) {
      boolean ok =
          isDeclared
              && (expected.kind() == Expectation.Kind.REMOVED
                  || expected.kind() == Expectation.Kind.ANY);
      if (!ok) {
        failures.add(
            name
                + " was removed"
                + (isDeclared
                    ? " (expected " + expected.describe() + ")"
                    : " (the plan does not declare it)"));
      }
      return new DiffRow(
          DiffRow.Kind.TABLE,
          name,
          count(was.rows()),
          null,
          Expectation.signed(-was.rows()),
          isDeclared ? expected.describe() : "unchanged",
          isDeclared,
          ok,
          "removed");
    }
    boolean ok = expected.kind() == Expectation.Kind.ANY;
    if (!ok) {
      failures.add(
          name
              + " is not in the baseline before or after the change (expected "
              + expected.describe()
              + ")");
    }
    return new DiffRow(
        DiffRow.Kind.TABLE, name, null, null, null, expected.describe(), true, ok, "not found");
  }

  private static DiffRow countRow(
      DiffRow.Kind kind,
      String subject,
      long was,
      long now,
      String declared,
      List<String> failures) {
    Expectation expected =
        declared == null ? Expectation.UNCHANGED : expectation(declared, subject, failures);
    if (expected == null) {
      return new DiffRow(kind, subject, count(was), count(now), null, declared, true, false, null);
    }
    boolean ok =
        expected.kind() != Expectation.Kind.ADDED
            && expected.kind() != Expectation.Kind.REMOVED
            && expected.allows(was, now);
    if (!ok) {
      failures.add(
          subject
              + " "
              + Expectation.signed(now - was)
              + " (expected "
              + expected.describe()
              + ")");
    }
    return new DiffRow(
        kind,
        subject,
        count(was),
        count(now),
        Expectation.signed(now - was),
        expected.describe(),
        declared != null,
        ok,
        null);
  }

  private static DiffRow checkRow(CheckSpec check, CheckOutcome outcome, List<String> failures) {
    String subject = "check: " + abbreviate(check.sql());
    String expected = "= " + check.equals();
    if (outcome == null || outcome.error() != null) {
      String error = outcome == null ? "not run" : outcome.error();
      failures.add(subject + " failed: " + error);
      return new DiffRow(
          DiffRow.Kind.CHECK, subject, null, null, null, expected, true, false, error);
    }
    boolean ok = matches(outcome.value(), check.equals());
    String value = outcome.value() == null ? "null" : outcome.value();
    if (!ok) {
      failures.add(subject + " returned " + value + " (expected " + check.equals() + ")");
    }
    return new DiffRow(DiffRow.Kind.CHECK, subject, null, value, null, expected, true, ok, null);
  }

  /** Numbers compare as numbers ({@code 0} equals {@code 0.00}); anything else as text. */
  static boolean matches(String value, String expected) {
    if (value == null) {
      return expected == null || expected.equalsIgnoreCase("null");
    }
    if (expected == null) {
      return false;
    }
    try {
      return new BigDecimal(value.strip()).compareTo(new BigDecimal(expected.strip())) == 0;
    } catch (NumberFormatException notNumbers) {
      return value.equals(expected);
    }
  }

  private static Expectation expectation(String text, String what, List<String> failures) {
    if (text == null) {
      return null;
    }
    try {
      return Expectation.parse(text);
    } catch (IllegalArgumentException e) {
      failures.add(what + ": " + e.getMessage());
      return null;
    }
  }

  private static Map<TableName, TableCount> byName(List<TableCount> tables) {
    Map<TableName, TableCount> map = new LinkedHashMap<>();
    for (TableCount table : tables) {
      map.put(new TableName(table.schema(), table.table()), table);
    }
    return map;
  }

  private static String count(long rows) {
    return String.format(Locale.ROOT, "%,d", rows);
  }

  private static String abbreviate(String sql) {
    String line = sql.strip().replaceAll("\\s+", " ");
    return line.length() <= 50 ? line : line.substring(0, 49) + "…";
  }
}
