package dev.greenlight.workflows.change;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plan declares about one count (a table's rows, the number of indexes or of policies), as
 * written in {@code verify-change}:
 *
 * <ul>
 *   <li>{@code unchanged} or {@code 0}: no change;
 *   <li>{@code +12}, {@code -3}: exactly that change;
 *   <li>{@code +5000..+6000}, {@code -10..+10}: a change within the range (both ends included);
 *   <li>{@code ±100} (or {@code +-100}): at most that much either way;
 *   <li>{@code ±1%} (or {@code +-1%}, {@code 1%}): at most that share of the count before;
 *   <li>{@code added}: a table that did not exist before; {@code removed}: one that no longer does;
 *   <li>{@code any}: not checked.
 * </ul>
 *
 * Pure: no Temporal, no JDBC.
 */
public record Expectation(Kind kind, long min, long max, BigDecimal percent) {

  /** The kinds of expectation. */
  public enum Kind {
    ANY,
    RANGE,
    PERCENT,
    ADDED,
    REMOVED
  }

  public static final Expectation UNCHANGED = new Expectation(Kind.RANGE, 0, 0, null);

  private static final String SIGNED = "([+-]?\\d{1,18})";
  private static final Pattern EXACT = Pattern.compile(SIGNED);
  private static final Pattern RANGE = Pattern.compile(SIGNED + "\\.\\." + SIGNED);
  private static final Pattern PLUS_MINUS = Pattern.compile("(?:±|\\+-|\\+/-)(\\d{1,18})");
  private static final Pattern PERCENT =
      Pattern.compile("(?:±|\\+-|\\+/-)?(\\d{1,3}(?:\\.\\d{1,3})?)%");

  /**
   * Reads an expectation; throws {@link IllegalArgumentException} with what is expected instead.
   */
  public static Expectation parse(String text) {
    String value =
        text == null
            ? ""
            : text.strip()
                .toLowerCase(Locale.ROOT)
                .replace(" ", "")
                .replace(",", "")
                .replace("_", "");
    switch (value) {
      case "unchanged":
        return UNCHANGED;
      case "any":
        return new Expectation(Kind.ANY, Long.MIN_VALUE, Long.MAX_VALUE, null);
      case "added":
        return new Expectation(Kind.ADDED, Long.MIN_VALUE, Long.MAX_VALUE, null);
      case "removed":
        return new Expectation(Kind.REMOVED, Long.MIN_VALUE, Long.MAX_VALUE, null);
      default:
        break;
    }
    Matcher m;
    if ((m = EXACT.matcher(value)).matches()) {
      long n = Long.parseLong(m.group(1));
      return new Expectation(Kind.RANGE, n, n, null);
    }
    if ((m = RANGE.matcher(value)).matches()) {
      long low = Long.parseLong(m.group(1));
      long high = Long.parseLong(m.group(2));
      if (low > high) {
        throw new IllegalArgumentException(
            "the range " + text + " is empty: write the lower end first");
      }
      return new Expectation(Kind.RANGE, low, high, null);
    }
    if ((m = PLUS_MINUS.matcher(value)).matches()) {
      long n = Long.parseLong(m.group(1));
      return new Expectation(Kind.RANGE, -n, n, null);
    }
    if ((m = PERCENT.matcher(value)).matches()) {
      BigDecimal share = new BigDecimal(m.group(1));
      if (share.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException("a share of at most 100% is expected, found " + text);
      }
      return new Expectation(Kind.PERCENT, Long.MIN_VALUE, Long.MAX_VALUE, share);
    }
    throw new IllegalArgumentException(
        "expected unchanged, +N, -N, A..B (e.g. +5000..+6000), ±N, ±N%, added, removed or any,"
            + " found '"
            + text
            + "'");
  }

  /** Whether a count going from {@code before} to {@code after} (both present) meets this. */
  public boolean allows(long before, long after) {
    long change = after - before;
    return switch (kind) {
      case ANY -> true;
      case RANGE -> change >= min && change <= max;
      case PERCENT ->
          BigDecimal.valueOf(Math.abs(change))
                  .multiply(BigDecimal.valueOf(100))
                  .compareTo(percent.multiply(BigDecimal.valueOf(before)))
              <= 0;
      case ADDED, REMOVED -> false;
    };
  }

  /** As people read it: {@code unchanged}, {@code +12}, {@code +5000..+6000}, {@code ±1%}. */
  public String describe() {
    return switch (kind) {
      case ANY -> "any";
      case ADDED -> "added";
      case REMOVED -> "removed";
      case PERCENT -> "±" + percent.toPlainString() + "%";
      case RANGE ->
          min == 0 && max == 0
              ? "unchanged"
              : min == max
                  ? signed(min)
                  : min == -max ? "±" + max : signed(min) + ".." + signed(max);
    };
  }

  /** {@code +1,200}, {@code -3}, {@code 0}. */
  public static String signed(long n) {
    return (n > 0 ? "+" : "") + String.format(Locale.ROOT, "%,d", n);
  }
}
