package dev.greenlight.workflows.format;

import java.time.Duration;

/** Durations as people write them in plans: {@code 4h}, {@code 30m}, {@code 1h30m}, {@code 45s}. */
public final class Durations {

  private Durations() {}

  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      text.append(days).append('d');
    }
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }
}
