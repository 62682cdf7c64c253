package dev.greenlight.activities.backup;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which backups a prune keeps, restic-style: {@code last=N} the newest N; {@code hourly=N}, {@code
 * daily=N}, {@code weekly=N}, {@code monthly=N}, {@code yearly=N} the newest backup of each of the
 * N latest hours, days, ISO weeks, months, years (UTC) that have one; {@code within=AGE} every
 * backup finished less than AGE ago. A backup is kept when any rule keeps it. A policy with no rule
 * keeps everything; a mistyped one is not a policy at all ({@link #parse} refuses it).
 */
public record RetentionPolicy(
    Integer last,
    Integer hourly,
    Integer daily,
    Integer weekly,
    Integer monthly,
    Integer yearly,
    Duration within) {

  /** A policy that keeps everything. */
  public static final RetentionPolicy NONE =
      new RetentionPolicy(null, null, null, null, null, null, null);

  private static final Pattern RULE = Pattern.compile("\\s*([A-Za-z]+)\\s*=\\s*([^,\\s]+)\\s*");
  private static final Pattern AGE = Pattern.compile("(\\d+)([smhdw])");

  public RetentionPolicy {
    for (Integer count : new Integer[] {last, hourly, daily, weekly, monthly, yearly}) {
      if (count != null && count < 0) {
        throw new IllegalArgumentException("a retention count must be 0 or more, found " + count);
      }
    }
    if (within != null && within.isNegative()) {
      throw new IllegalArgumentException("within must not be negative, found " + within);
    }
  }

  /** The old prune options, {@code --keep-last N} and {@code --older-than AGE}. */
  public static RetentionPolicy of(Integer keepLast, Duration olderThan) {
    return new RetentionPolicy(keepLast, null, null, null, null, null, olderThan);
  }

  /** True when no rule is given: such a policy deletes nothing. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * Reads {@code "daily=14,weekly=12,monthly=12"}. Blank text is the empty policy; anything else
   * that is not a list of known rules with counts (or an age for {@code within}) is refused with
   * one line naming what is wrong.
   *
   * @throws IllegalArgumentException for a mistyped policy
   */
  public static RetentionPolicy parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Map<String, String> rules = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      Matcher rule = RULE.matcher(part);
      if (!rule.matches()) {
        throw new IllegalArgumentException(
            "'" + part.strip() + "' is not a rule: expected NAME=COUNT, such as daily=14");
      }
      String name = rule.group(1).toLowerCase(Locale.ROOT);
      if (rules.put(name, rule.group(2)) != null) {
        throw new IllegalArgumentException("rule " + name + " is given twice");
      }
    }
    Integer[] counts = new Integer[6];
    String[] names = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};
    Duration within = null;
    for (Map.Entry<String, String> rule : rules.entrySet()) {
      String name = rule.getKey();
      if (name.equals("within")) {
        within = age(rule.getValue());
        continue;
      }
      int index = Arrays.asList(names).indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException(
            "unknown rule '"
                + name
                + "': expected last, hourly, daily, weekly, monthly, yearly or within");
      }
      try {
        counts[index] = Integer.parseInt(rule.getValue());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + "=" + rule.getValue() + ": expected a whole number of backups");
      }
      if (counts[index] < 0 || counts[index] > 100_000) {
        throw new IllegalArgumentException(
            name + "=" + rule.getValue() + ": expected 0 to 100000 backups");
      }
    }
    return new RetentionPolicy(
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], within);
  }

  private static Duration age(String text) {
    Matcher match = AGE.matcher(text);
    if (!match.matches()) {
      throw new IllegalArgumentException(
          "within=" + text + ": expected an age such as 30d, 12h or 2w");
    }
    long amount = Long.parseLong(match.group(1));
    return switch (match.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    append(text, "last", last);
    append(text, "hourly", hourly);
    append(text, "daily", daily);
    append(text, "weekly", weekly);
    append(text, "monthly", monthly);
    append(text, "yearly", yearly);
    if (within != null) {
      text.append(text.length() == 0 ? "" : ",").append("within=").append(within);
    }
    return text.length() == 0 ? "(no rule)" : text.toString();
  }

  private static void append(StringBuilder text, String name, Integer count) {
    if (count != null) {
      text.append(text.length() == 0 ? "" : ",").append(name).append('=').append(count);
    }
  }
}
