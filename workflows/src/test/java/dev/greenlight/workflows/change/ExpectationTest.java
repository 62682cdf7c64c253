package dev.greenlight.workflows.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a plan may declare about a count, and which changes each declaration allows. */
class ExpectationTest {

  @ParameterizedTest(name = "{0}: {1} -> {2} is {3}")
  @CsvSource({
    "unchanged, 10, 10, true",
    "unchanged, 10, 11, false",
    "0, 10, 10, true",
    "+12, 40, 52, true",
    "+12, 40, 51, false",
    "-3, 10, 7, true",
    "'+5000..+6000', 600, 5600, true",
    "'+5000..+6000', 600, 6601, false",
    "'+2,400', 600, 3000, true",
    "'-10..+10', 100, 91, true",
    "'±100', 1000, 1100, true",
    "'+-100', 1000, 899, false",
    "'±1%', 1000, 1010, true",
    "'1%', 1000, 989, false",
    "any, 1, 1000000, true",
    "added, 1, 2, false"
  })
  void allowsWhatItSays(String text, long before, long after, boolean allowed) {
    assertThat(Expectation.parse(text).allows(before, after)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({
    "unchanged, unchanged",
    "0, unchanged",
    "12, +12",
    "'+5000..+6000', '+5,000..+6,000'",
    "'+-5', '±5'",
    "'1.5%', '±1.5%'",
    "Added, added"
  })
  void readsAsPeopleWriteIt(String text, String described) {
    assertThat(Expectation.parse(text).describe()).isEqualTo(described);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "more", "+6000..+5000", "5 rows", "101%", "+1..", "~3"})
  void refusesAnythingElseWithWhatItExpects(String text) {
    assertThatThrownBy(() -> Expectation.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("\n");
  }
}
