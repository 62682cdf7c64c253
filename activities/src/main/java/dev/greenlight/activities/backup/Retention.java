package dev.greenlight.activities.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides, for every backup of a catalog, keep or delete and why. Pure: the same catalog, policy,
 * holds and clock give the same answer, and nothing is read or written.
 *
 * <p>Whatever the policy, these are kept: a pinned backup (a deployment's way back, kept until
 * unpinned on purpose); the newest restore-tested backup; the newest verified backup; a backup held
 * by an open rollback gate; a backup that finished after {@code now} (the clock moved back). An
 * empty policy keeps everything. The calendar rules count buckets that have a backup, from the
 * newest backup down, so they do not depend on {@code now} at all; only {@code within} does.
 */
public final class Retention {

  /** One backup as retention sees it. */
  public record Candidate(
      String id,
      Instant finishedAt,
      boolean verified,
      boolean restoreTested,
      boolean pinned,
      String pinReason) {}

  /** What to do with one backup, and every reason it is kept (or why it is deleted). */
  public record Decision(Candidate backup, boolean keep, List<String> reasons) {
    public String reason() {
      return String.join("; ", reasons);
    }
  }

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH'h'", Locale.ROOT);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT);

  private Retention() {}

  /** Newest first (ties by id), the order decisions are returned in. */
  public static final Comparator<Candidate> NEWEST_FIRST =
      Comparator.comparing(Candidate::finishedAt).reversed().thenComparing(Candidate::id);

  /**
   * @param catalog every backup in the catalog, in any order
   * @param held ids of backups referenced by open rollback gates
   * @param now the clock now; may be before or long after the backups (clock jumps)
   */
  public static List<Decision> decide(
      List<Candidate> catalog, RetentionPolicy policy, Set<String> held, Instant now) {
    List<Candidate> sorted = new ArrayList<>(catalog);
    sorted.sort(NEWEST_FIRST);
    Map<Candidate, List<String>> reasons = new LinkedHashMap<>();
    sorted.forEach(c -> reasons.put(c, new ArrayList<>()));

    for (Candidate c : sorted) {
      if (c.pinned()) {
        reasons.get(c).add("pinned" + (c.pinReason() == null ? "" : ": " + c.pinReason()));
      }
      if (held.contains(c.id())) {
        reasons.get(c).add("held by an open rollback gate");
      }
      if (c.finishedAt().isAfter(now)) {
        reasons.get(c).add("finished after now (" + now + "): the clock moved back");
      }
    }
    sorted.stream()
        .filter(Candidate::restoreTested)
        .findFirst()
        .ifPresent(c -> reasons.get(c).add("the newest restore-tested backup"));
    sorted.stream()
        .filter(Candidate::verified)
        .findFirst()
        .ifPresent(c -> reasons.get(c).add("the newest verified backup"));

    if (policy.isEmpty()) {
      sorted.forEach(c -> reasons.get(c).add("no retention rule: an empty policy deletes nothing"));
    }
    if (policy.last() != null) {
      for (int i = 0; i < Math.min(policy.last(), sorted.size()); i++) {
        reasons.get(sorted.get(i)).add("last " + (i + 1) + " of " + policy.last());
      }
    }
    buckets(sorted, reasons, "hourly", policy.hourly(), t -> HOUR.format(utc(t)));
    buckets(sorted, reasons, "daily", policy.daily(), t -> DAY.format(utc(t)));
    buckets(
        sorted,
        reasons,
        "weekly",
        policy.weekly(),
        t ->
            String.format(
                Locale.ROOT,
                "%d-W%02d",
                utc(t).get(IsoFields.WEEK_BASED_YEAR),
                utc(t).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    buckets(sorted, reasons, "monthly", policy.monthly(), t -> MONTH.format(utc(t)));
    buckets(sorted, reasons, "yearly", policy.yearly(), t -> Integer.toString(utc(t).getYear()));
    if (policy.within() != null) {
      Instant since = now.minus(policy.within());
      for (Candidate c : sorted) {
        if (!c.finishedAt().isBefore(since) && !c.finishedAt().isAfter(now)) {
          reasons.get(c).add("within " + describe(policy.within()));
        }
      }
    }

    List<Decision> decisions = new ArrayList<>();
    for (Candidate c : sorted) {
      List<String> why = reasons.get(c);
      decisions.add(
          why.isEmpty()
              ? new Decision(c, false, List.of("no rule of " + policy + " keeps it"))
              : new Decision(c, true, List.copyOf(why)));
    }
    return decisions;
  }

  /** The newest backup of each of the {@code count} newest buckets that have one. */
  private static void buckets(
      List<Candidate> sorted,
      Map<Candidate, List<String>> reasons,
      String rule,
      Integer count,
      Function<Instant, String> bucketOf) {
    if (count == null || count == 0) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Candidate c : sorted) {
      String bucket = bucketOf.apply(c.finishedAt());
      if (seen.contains(bucket)) {
        continue;
      }
      if (seen.size() == count) {
        return;
      }
      seen.add(bucket);
      reasons.get(c).add(rule + " " + bucket + " (" + seen.size() + " of " + count + ")");
    }
  }

  private static ZonedDateTime utc(Instant t) {
    return t.atZone(ZoneOffset.UTC);
  }

  private static String describe(Duration age) {
    if (age.toDays() > 0 && age.equals(Duration.ofDays(age.toDays()))) {
      return age.toDays() + "d";
    }
    if (age.toHours() > 0 && age.equals(Duration.ofHours(age.toHours()))) {
      return age.toHours() + "h";
    }
    return age.toString();
  }
}
