package dev.greenlight.workflows.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.greenlight.workflows.activities.ChangeObservation;
import dev.greenlight.workflows.activities.ChangeObservation.CheckOutcome;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.CheckSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec.TableExpectation;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.DiffRow;
import dev.greenlight.workflows.status.TableCount;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared against observed, table by table, for counts and checks: no Temporal, no database. */
class ChangeDiffTest {

  private static final BaselineResult BEFORE =
      baseline(
          40,
          0,
          new TableCount("menuca_v3", "dishes", 1000, true),
          new TableCount("menuca_v3", "combo_items", 600, true),
          new TableCount("menuca_v3", "Restaurants", 250, true));

  @Test
  void aChangeAsDeclaredPasses() {
    ChangeVerification result =
        ChangeDiff.compare(
            BEFORE,
            observed(
                baseline(
                    52,
                    8,
                    new TableCount("menuca_v3", "dishes", 1000, true),
                    new TableCount("menuca_v3", "combo_items", 5600, true),
                    new TableCount("menuca_v3", "Restaurants", 250, true)),
                new CheckOutcome("select 0", "0", null)),
            spec(
                List.of(
                    new TableExpectation("menuca_v3.dishes", "unchanged"),
                    new TableExpectation("menuca_v3.combo_items", "+5000..+6000")),
                "+12",
                "+8",
                null,
                new CheckSpec("select 0", "0")),
            Instant.EPOCH);

    assertThat(result.passed()).isTrue();
    assertThat(result.failures()).isEmpty();
    assertThat(result.rows())
        .extracting(
            DiffRow::subject, DiffRow::before, DiffRow::after, DiffRow::expected, DiffRow::verdict)
        .containsExactly(
            tuple("menuca_v3.dishes", "1,000", "1,000", "unchanged", "ok"),
            tuple("menuca_v3.combo_items", "600", "5,600", "+5,000..+6,000", "ok"),
            tuple("menuca_v3.Restaurants", "250", "250", "unchanged", "ok"),
            tuple("indexes", "40", "52", "+12", "ok"),
            tuple("RLS policies", "0", "8", "+8", "ok"),
            tuple("check: select 0", null, "0", "= 0", "ok"));
    assertThat(result.summary())
        .isEqualTo(
            "as declared: 3 tables (2 changed or declared), indexes +12, RLS policies +8,"
                + " 1 check held");
    assertThat(result.table())
        .containsExactly(
            "                       before  after  change  expected        verdict",
            "menuca_v3.dishes        1,000  1,000       0  unchanged       ok",
            "menuca_v3.combo_items     600  5,600  +5,000  +5,000..+6,000  ok",
            "indexes                    40     52     +12  +12             ok",
            "RLS policies                0      8      +8  +8              ok",
            "check: select 0             -      0       -  = 0             ok",
            "1 other table unchanged, as expected");
  }

  @Test
  void everyExpectationThatDoesNotHoldIsNamed() {
    ChangeVerification result =
        ChangeDiff.compare(
            BEFORE,
            observed(
                baseline(
                    41,
                    0,
                    new TableCount("menuca_v3", "dishes", 1003, true),
                    new TableCount("menuca_v3", "combo_items", 700, true),
                    new TableCount("menuca_v3", "Restaurants", 250, true)),
                new CheckOutcome("select count(*) from x", "3", null)),
            spec(
                List.of(new TableExpectation("menuca_v3.combo_items", "+5000..+6000")),
                null,
                "+8",
                null,
                new CheckSpec("select count(*) from x", "0")),
            Instant.EPOCH);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures())
        .containsExactly(
            "menuca_v3.dishes rows +3 (expected unchanged, as an undeclared table)",
            "menuca_v3.combo_items rows +100 (expected +5,000..+6,000)",
            "indexes +1 (expected unchanged)",
            "RLS policies 0 (expected +8)",
            "check: select count(*) from x returned 3 (expected 0)");
    assertThat(result.reason())
        .isEqualTo(
            "not as declared: menuca_v3.dishes rows +3 (expected unchanged, as an undeclared"
                + " table); menuca_v3.combo_items rows +100 (expected +5,000..+6,000); indexes +1"
                + " (expected unchanged); and 2 more");
    assertThat(result.summary()).isEqualTo(result.reason());
  }

  @Test
  void undeclaredTablesMayMoveWithinTheToleranceButNotAppearOrVanish() {
    ChangeVerification result =
        ChangeDiff.compare(
            BEFORE,
            observed(
                baseline(
                    40,
                    0,
                    new TableCount("menuca_v3", "dishes", 1009, true),
                    new TableCount("menuca_v3", "Restaurants", 250, true),
                    new TableCount("menuca_v3", "new_table", 0, true))),
            spec(List.of(), null, null, "±1%", null),
            Instant.EPOCH);

    assertThat(result.failures())
        .containsExactly(
            "menuca_v3.combo_items was removed (the plan does not declare it)",
            "menuca_v3.new_table was added (the plan does not declare it)");
    assertThat(result.rows())
        .extracting(DiffRow::subject, DiffRow::note, DiffRow::verdict)
        .startsWith(
            tuple("menuca_v3.dishes", null, "ok"),
            tuple("menuca_v3.combo_items", "removed", "FAILED"),
            tuple("menuca_v3.Restaurants", null, "ok"),
            tuple("menuca_v3.new_table", "added", "FAILED"));
  }

  @Test
  void declaredAdditionsAndRemovalsHoldAndAMissingDeclaredTableDoesNot() {
    ChangeVerification result =
        ChangeDiff.compare(
            BEFORE,
            observed(
                baseline(
                    40,
                    0,
                    new TableCount("menuca_v3", "dishes", 1000, true),
                    new TableCount("menuca_v3", "Restaurants", 250, true),
                    new TableCount("menuca_v3", "audit", 0, true))),
            spec(
                List.of(
                    new TableExpectation("menuca_v3.combo_items", "removed"),
                    new TableExpectation("menuca_v3.audit", "added"),
                    new TableExpectation("\"menuca_v3\".\"Restaurants\"", "unchanged"),
                    new TableExpectation("menuca_v3.typo", "+1")),
                null,
                null,
                null,
                null),
            Instant.EPOCH);

    assertThat(result.failures())
        .containsExactly(
            "menuca_v3.typo is not in the baseline before or after the change (expected +1)");
  }

  @Test
  void aCheckThatFailedToRunFailsTheVerificationWithItsError() {
    ChangeVerification result =
        ChangeDiff.compare(
            BEFORE,
            observed(
                BEFORE,
                new CheckOutcome(
                    "delete from t", null, "cannot execute DELETE in a read-only transaction")),
            spec(List.of(), null, null, null, new CheckSpec("delete from t", "0")),
            Instant.EPOCH);

    assertThat(result.failures())
        .containsExactly(
            "check: delete from t failed: cannot execute DELETE in a read-only transaction");
  }

  @Test
  void numbersCompareAsNumbers() {
    assertThat(ChangeDiff.matches("0.00", "0")).isTrue();
    assertThat(ChangeDiff.matches("t", "t")).isTrue();
    assertThat(ChangeDiff.matches(null, "null")).isTrue();
    assertThat(ChangeDiff.matches("1", "0")).isFalse();
  }

  private static VerifyChangeSpec spec(
      List<TableExpectation> tables,
      String indexes,
      String policies,
      String others,
      CheckSpec check) {
    return new VerifyChangeSpec(
        tables, indexes, policies, others, check == null ? List.of() : List.of(check), null);
  }

  private static ChangeObservation observed(BaselineResult after, CheckOutcome... checks) {
    return new ChangeObservation(after, List.of(checks));
  }

  private static BaselineResult baseline(int indexes, int policies, TableCount... tables) {
    return new BaselineResult("menuca", 1 << 20, indexes, policies, List.of(tables), Instant.EPOCH);
  }
}
