package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.worker.DevServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd arguments get one line on standard error and the documented exit code, never a stack trace or
 * a page of usage, and start nothing. Against the dev server with no worker: nothing here needs
 * one.
 */
class CliEdgesTest {

  private static DevServer server;
  private static String address;

  @TempDir Path directory;

  @BeforeAll
  static void startTemporal() {
    server = DevServer.start("127.0.0.1", 0);
    address = "127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stopTemporal() {
    server.close();
  }

  @Test
  void badDeploymentIdsAreUsageErrors() {
    Cli empty = Cli.run("status", "");
    assertOneLine(empty, 2, "missing the ID (see 'greenlight status --help')");

    Cli newline = Cli.run("approve", "deploy-a\nforged line", "--as", "dana");
    assertOneLine(
        newline, 2, "not a valid ID: 'deploy-a\\nforged line' (see 'greenlight approve --help')");
  }

  @Test
  void badPortsAndAddressesAreUsageErrors() {
    Cli port = Cli.run("dev", "--port", "99999");
    assertOneLine(
        port,
        2,
        "Invalid value for option '--port': 99999 is not a port (0 to 65535)"
            + " (see 'greenlight dev --help')");

    assertOneLine(
        Cli.run("watch", "x", "--interval-ms", "-5", "--temporal", address),
        2,
        "--interval-ms must be from 50 to 60000, found -5 (see 'greenlight watch --help')");
    assertOneLine(
        Cli.run("list", "--limit", "0", "--temporal", address),
        2,
        "--limit must be from 1 to 1000, found 0 (see 'greenlight list --help')");

    Cli badAddress = Cli.run("status", "x", "--temporal", "host:notaport");
    assertOneLine(
        badAddress,
        2,
        "greenlight: Temporal address 'host:notaport' is not HOST:PORT with a port from 1 to 65535"
            + " (--temporal or TEMPORAL_ADDRESS)");
  }

  @Test
  void noCommandAndMissingOptionsAreOneLineUsageErrors() {
    Cli nothing = Cli.run();
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err().lines()).hasSize(1);
    assertThat(nothing.err()).startsWith("Missing a command: one of dev, worker, slack, demo,");

    Cli plan = Cli.run("plan");
    assertOneLine(plan, 2, "Missing a command: one of check (see 'greenlight plan --help')");

    Cli reject = Cli.run("reject", "x", "--as", "dana", "--temporal", address);
    assertOneLine(
        reject, 2, "Missing required option: '--reason=<reason>' (see 'greenlight reject --help')");

    Cli help = Cli.run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: greenlight");
  }

  @Test
  void startRefusesABadIdOrAGateNobodyCanApproveAndStartsNothing() throws Exception {
    Path plan = directory.resolve("p.yaml");
    Files.writeString(
        plan,
        """
        release: edges
        environment: test
        database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
        approvers: { brian: {}, dana: {} }
        steps:
          - gate: signoff
            approvers: [brian]
        """);

    assertOneLine(
        Cli.run("start", plan.toString(), "--as", "dana", "--id", "a\nb", "--temporal", address),
        2,
        "greenlight: --id 'a\\nb': use letters, digits, '.', '-' and '_' only, starting with a"
            + " letter or digit");
    assertOneLine(
        Cli.run("start", plan.toString(), "--as", "dana", "--id", "a|b", "--temporal", address),
        2,
        "greenlight: --id 'a|b': must not contain '|' (Slack's buttons use it to separate fields)");
    Cli tooLong =
        Cli.run(
            "start",
            plan.toString(),
            "--as",
            "dana",
            "--id",
            "a".repeat(3000),
            "--temporal",
            address);
    assertThat(tooLong.code()).isEqualTo(2);
    assertThat(tooLong.err()).endsWith(": is 3000 characters long; at most 200\n");
    assertOneLine(
        Cli.run("start", plan.toString(), "--as", "brian", "--temporal", address),
        2,
        "greenlight: "
            + plan
            + ":6: steps[0]: gate signoff can never be approved: its only approver is brian,"
            + " who starts the deployment and cannot approve it");

    assertOneLine(
        Cli.run("status", "deploy-edges-test", "--temporal", address),
        3,
        "greenlight: no deployment with id deploy-edges-test");
  }

  private static void assertOneLine(Cli run, int code, String line) {
    assertThat(run.code()).as(run.err()).isEqualTo(code);
    assertThat(run.err()).isEqualTo(line + "\n");
  }
}
