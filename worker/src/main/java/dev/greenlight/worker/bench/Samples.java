package dev.greenlight.worker.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Measurements of one thing: median, percentiles and spread. */
public final class Samples {

  private final List<Double> values = new ArrayList<>();

  public void add(double value) {
    values.add(value);
  }

  public int size() {
    return values.size();
  }

  public double median() {
    return percentile(50);
  }

  /** Nearest-rank percentile. */
  public double percentile(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {@code 123 ms (101–150)}: the median and the range, in {@code format}. */
  public String describe(String format, String unit) {
    return String.format(
        Locale.ROOT, format + " %s (" + format + "–" + format + ")", median(), unit, min(), max());
  }
}
