package dev.greenlight.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in plans: {@code 4h}, {@code 30m}, {@code 1h30m}, {@code 2d}, {@code PT4H}.
 */
public final class DurationParser {

  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private DurationParser() {}

  /** The duration, or null when the text is not one. */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher match = SHORT.matcher(value);
    if (value.isEmpty() || !match.matches()) {
      return null;
    }
    Duration duration = Duration.ZERO;
    long[] unitSeconds = {86_400, 3_600, 60, 1};
    for (int group = 1; group <= 4; group++) {
      if (match.group(group) != null) {
        duration =
            duration.plusSeconds(Long.parseLong(match.group(group)) * unitSeconds[group - 1]);
      }
    }
    return duration;
  }
}
