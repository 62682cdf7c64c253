package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bench rows' options outside their ranges are one-line usage errors (exit 2), and nothing is
 * measured: no database is built, nothing is printed to standard output.
 */
class BenchRowsOptionsTest {

  @Test
  void outOfRangeOptionsAreUsageErrors() {
    assertOneLine(
        Cli.run("bench", "apply-restore", "--runs", "0"),
        "--runs must be from 1 to 50, found 0 (see 'greenlight bench apply-restore --help')");
    assertOneLine(
        Cli.run("bench", "apply-restore", "--size-mib", "70000"),
        "--size-mib must be from 1 to 65536, found 70000"
            + " (see 'greenlight bench apply-restore --help')");
    assertOneLine(
        Cli.run("bench", "encrypt-offsite", "--runs", "51"),
        "--runs must be from 1 to 50, found 51 (see 'greenlight bench encrypt-offsite --help')");
    assertOneLine(
        Cli.run("bench", "encrypt-offsite", "--s3-endpoint", "127.0.0.1:9000"),
        "--s3-endpoint must be an http or https URL, found 127.0.0.1:9000"
            + " (see 'greenlight bench encrypt-offsite --help')");
  }

  private static void assertOneLine(Cli run, String line) {
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(line + "\n");
    assertThat(run.out()).isEmpty();
  }
}
