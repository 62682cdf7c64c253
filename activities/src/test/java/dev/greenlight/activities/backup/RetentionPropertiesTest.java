package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The invariants of retention, over random catalogs, policies and clocks (including clocks that
 * jump back before the backups or years ahead): no policy deletes a pinned backup, the newest
 * restore-tested or verified one, or one held by an open rollback gate; an empty policy deletes
 * nothing; a mistyped policy is refused. Pure code, 1,000 tries each, well under a second.
 */
class RetentionPropertiesTest {

  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  record Scenario(List<Retention.Candidate> catalog, Set<String> held) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Retention.Candidate> candidate =
        Combinators.combine(
                Arbitraries.longs().between(0, Duration.ofDays(3 * 365).toSeconds()),
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 19))
            .as(
                (offset, verified, tested, pinned) ->
                    new Retention.Candidate(
                        "",
                        BASE.plusSeconds(offset),
                        verified < 3 || tested < 2,
                        tested < 2,
                        pinned == 0,
                        pinned == 0 ? "the way back of deployment d" : null));
    return candidate
        .list()
        .ofMaxSize(60)
        .flatMap(
            list -> {
              List<Retention.Candidate> named = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                Retention.Candidate c = list.get(i);
                named.add(
                    new Retention.Candidate(
                        "b" + i,
                        c.finishedAt(),
                        c.verified(),
                        c.restoreTested(),
                        c.pinned(),
                        c.pinReason()));
              }
              List<String> ids = named.stream().map(Retention.Candidate::id).toList();
              Arbitrary<Set<String>> held =
                  ids.isEmpty()
                      ? Arbitraries.just(Set.of())
                      : Arbitraries.of(ids).set().ofMaxSize(2);
              return held.map(h -> new Scenario(named, h));
            });
  }

  @Provide
  Arbitrary<RetentionPolicy> policies() {
    Arbitrary<Integer> count = Arbitraries.integers().between(0, 20).injectNull(0.6);
    Arbitrary<Duration> within =
        Arbitraries.longs().between(0, 400).map(Duration::ofDays).injectNull(0.7);
    return Combinators.combine(count, count, count, count, count, count, within)
        .as(RetentionPolicy::new)
        .injectDuplicates(0.1)
        .edgeCases(e -> e.add(RetentionPolicy.NONE));
  }

  /** Now: anywhere from two years before the first backup to ten years after it. */
  @Provide
  Arbitrary<Instant> clocks() {
    return Arbitraries.longs()
        .between(-Duration.ofDays(730).toSeconds(), Duration.ofDays(3650).toSeconds())
        .map(BASE::plusSeconds);
  }

  @Property(tries = 1000)
  void noPolicyDeletesWhatMustStay(
      @ForAll("scenarios") Scenario scenario,
      @ForAll("policies") RetentionPolicy policy,
      @ForAll("clocks") Instant now) {
    Set<String> deleted = deleted(scenario.catalog(), policy, scenario.held(), now);

    for (Retention.Candidate c : scenario.catalog()) {
      if (c.pinned() || scenario.held().contains(c.id())) {
        assertThat(deleted).doesNotContain(c.id());
      }
    }
    newest(scenario.catalog(), true).ifPresent(c -> assertThat(deleted).doesNotContain(c.id()));
    newest(scenario.catalog(), false).ifPresent(c -> assertThat(deleted).doesNotContain(c.id()));
  }

  @Property(tries = 1000)
  void anEmptyPolicyDeletesNothing(
      @ForAll("scenarios") Scenario scenario, @ForAll("clocks") Instant now) {
    assertThat(deleted(scenario.catalog(), RetentionPolicy.NONE, scenario.held(), now)).isEmpty();
    assertThat(deleted(scenario.catalog(), RetentionPolicy.parse(" "), scenario.held(), now))
        .isEmpty();
  }

  @Property(tries = 1000)
  void everyBackupGetsOneVerdictWithItsReason(
      @ForAll("scenarios") Scenario scenario,
      @ForAll("policies") RetentionPolicy policy,
      @ForAll("clocks") Instant now) {
    List<Retention.Decision> decisions =
        Retention.decide(scenario.catalog(), policy, scenario.held(), now);

    assertThat(decisions).hasSameSizeAs(scenario.catalog());
    assertThat(decisions.stream().map(d -> d.backup().id()).collect(Collectors.toSet()))
        .hasSize(scenario.catalog().size());
    assertThat(decisions).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
    assertThat(decisions.stream().map(d -> d.backup().finishedAt()).toList())
        .isSortedAccordingTo(Comparator.reverseOrder());
  }

  /**
   * The calendar rules (last, hourly … yearly) count the buckets that have backups, not the time
   * since now: once the clock is past the newest backup, moving it (by years) changes nothing, and
   * a clock that jumped back before some backups only keeps more.
   */
  @Property(tries = 1000)
  void calendarRulesDoNotMoveWithTheClock(
      @ForAll("scenarios") Scenario scenario,
      @ForAll("policies") RetentionPolicy withWithin,
      @ForAll("clocks") Instant jumped,
      @ForAll @Size(max = 1) List<Long> later) {
    RetentionPolicy policy =
        new RetentionPolicy(
            withWithin.last(),
            withWithin.hourly(),
            withWithin.daily(),
            withWithin.weekly(),
            withWithin.monthly(),
            withWithin.yearly(),
            null);
    Instant newest =
        scenario.catalog().stream()
            .map(Retention.Candidate::finishedAt)
            .max(Comparator.naturalOrder())
            .orElse(BASE);
    Instant past = newest.plusSeconds(1);
    Instant farPast = newest.plus(Duration.ofDays(3650));

    Set<String> atPast = deleted(scenario.catalog(), policy, scenario.held(), past);
    assertThat(deleted(scenario.catalog(), policy, scenario.held(), farPast)).isEqualTo(atPast);
    assertThat(atPast).containsAll(deleted(scenario.catalog(), policy, scenario.held(), jumped));
  }

  /** Prune after prune with a clock that jumps both ways: the way back is still there. */
  @Property(tries = 500)
  void repeatedPrunesUnderAJumpingClockKeepTheWayBack(
      @ForAll("scenarios") Scenario scenario,
      @ForAll("policies") RetentionPolicy policy,
      @ForAll @Size(min = 1, max = 6)
          List<@LongRange(min = -63072000, max = 315360000) Long> jumps) {
    List<Retention.Candidate> catalog = new ArrayList<>(scenario.catalog());
    Optional<Retention.Candidate> wayBack = newest(catalog, true);
    for (long offset : jumps) {
      Set<String> gone = deleted(catalog, policy, scenario.held(), BASE.plusSeconds(offset));
      catalog.removeIf(c -> gone.contains(c.id()));
    }
    Set<String> left = catalog.stream().map(Retention.Candidate::id).collect(Collectors.toSet());
    wayBack.ifPresent(c -> assertThat(left).contains(c.id()));
    scenario.catalog().stream()
        .filter(c -> c.pinned() || scenario.held().contains(c.id()))
        .forEach(c -> assertThat(left).contains(c.id()));
  }

  @Property(tries = 1000)
  void aPolicyIsReadOrRefusedNeverGuessed(@ForAll @Size(max = 40) String text) {
    RetentionPolicy policy;
    try {
      policy = RetentionPolicy.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    if (!text.isBlank()) {
      assertThat(policy.isEmpty()).as("a non-blank policy that parses has a rule").isFalse();
    }
  }

  @Example
  void mistypedPoliciesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> RetentionPolicy.parse("dialy=14"))
        .hasMessage(
            "unknown rule 'dialy': expected last, hourly, daily, weekly, monthly, yearly or within");
    assertThatThrownBy(() -> RetentionPolicy.parse("daily=14,weekly"))
        .hasMessage("'weekly' is not a rule: expected NAME=COUNT, such as daily=14");
    assertThatThrownBy(() -> RetentionPolicy.parse("daily=-1"))
        .hasMessage("daily=-1: expected 0 to 100000 backups");
    assertThatThrownBy(() -> RetentionPolicy.parse("daily=two"))
        .hasMessage("daily=two: expected a whole number of backups");
    assertThatThrownBy(() -> RetentionPolicy.parse("daily=14,,monthly=3"))
        .hasMessage("'' is not a rule: expected NAME=COUNT, such as daily=14");
    assertThatThrownBy(() -> RetentionPolicy.parse("daily=1,daily=2"))
        .hasMessage("rule daily is given twice");
    assertThatThrownBy(() -> RetentionPolicy.parse("within=30"))
        .hasMessage("within=30: expected an age such as 30d, 12h or 2w");
    assertThat(RetentionPolicy.parse("daily=14, weekly=12,monthly=12"))
        .isEqualTo(new RetentionPolicy(null, null, 14, 12, 12, null, null));
  }

  @Example
  void restoreStyleBucketsKeepTheNewestOfEachDayWeekAndMonth() {
    List<Retention.Candidate> catalog = new ArrayList<>();
    // two backups a day for 40 days
    for (int day = 0; day < 40; day++) {
      for (int hour : new int[] {3, 15}) {
        Instant at = BASE.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
        catalog.add(new Retention.Candidate("d" + day + "h" + hour, at, false, false, false, null));
      }
    }
    List<Retention.Decision> decisions =
        Retention.decide(
            catalog,
            RetentionPolicy.parse("daily=7,weekly=2,monthly=2"),
            Set.of(),
            BASE.plus(Duration.ofDays(41)));

    Set<String> kept =
        decisions.stream()
            .filter(Retention.Decision::keep)
            .map(d -> d.backup().id())
            .collect(Collectors.toCollection(HashSet::new));
    // days 33..39 (the newest of each: 15h); the two newest ISO weeks end on days 39 and 34, both
    // kept already; the two newest months: February (day 39) and January's last day (day 30)
    assertThat(kept)
        .containsExactlyInAnyOrder(
            "d39h15", "d38h15", "d37h15", "d36h15", "d35h15", "d34h15", "d33h15", "d30h15");
    assertThat(decisions.get(0).reason())
        .isEqualTo("daily 2024-02-09 (1 of 7); weekly 2024-W06 (1 of 2); monthly 2024-02 (1 of 2)");
    assertThat(decisions.get(1).reason())
        .isEqualTo("no rule of daily=7,weekly=2,monthly=2 keeps it");
  }

  private static Set<String> deleted(
      List<Retention.Candidate> catalog, RetentionPolicy policy, Set<String> held, Instant now) {
    return Retention.decide(catalog, policy, held, now).stream()
        .filter(d -> !d.keep())
        .map(d -> d.backup().id())
        .collect(Collectors.toSet());
  }

  private static Optional<Retention.Candidate> newest(
      List<Retention.Candidate> catalog, boolean restoreTested) {
    return catalog.stream()
        .filter(restoreTested ? Retention.Candidate::restoreTested : Retention.Candidate::verified)
        .sorted(Retention.NEWEST_FIRST)
        .findFirst();
  }
}
