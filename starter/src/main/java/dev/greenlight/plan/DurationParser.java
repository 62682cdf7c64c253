package dev.greenlight.plan;

import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in plans: {@code 4h}, {@code 30m}, {@code 1h30m}, {@code 2d}, {@code PT4H}.
 * A duration too long for {@link Duration} (twenty digits of days) comes back as {@link #TOO_LONG}
 * rather than wrapping or failing, so that the range check names it.
 */
public final class DurationParser {

  /** Longer than any range a plan allows; what an overflowing duration reads as. */
  public static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE);

  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  /** Longer than this many characters, the text is not a duration anyone wrote on purpose. */
  private static final int MAX_LENGTH = 64;

  private static final BigInteger MAX_SECONDS = BigInteger.valueOf(Long.MAX_VALUE);

  private DurationParser() {}

  /** The duration, {@link #TOO_LONG} when it overflows, or null when the text is not one. */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.length() > MAX_LENGTH) {
      return null;
    }
    if (value.startsWith("p")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return e.getCause() instanceof ArithmeticException
                || e.getCause() instanceof NumberFormatException
            ? TOO_LONG
            : null;
      }
    }
    Matcher match = SHORT.matcher(value);
    if (value.isEmpty() || !match.matches()) {
      return null;
    }
    BigInteger seconds = BigInteger.ZERO;
    long[] unitSeconds = {86_400, 3_600, 60, 1};
    for (int group = 1; group <= 4; group++) {
      if (match.group(group) != null) {
        seconds =
            seconds.add(
                new BigInteger(match.group(group))
                    .multiply(BigInteger.valueOf(unitSeconds[group - 1])));
      }
    }
    return seconds.compareTo(MAX_SECONDS) > 0 ? TOO_LONG : Duration.ofSeconds(seconds.longValue());
  }
}
