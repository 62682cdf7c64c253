package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.GateSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every number and duration in a plan has a range, checked by {@code plan check}: nothing wraps,
 * overflows or reaches Temporal out of bounds (the ranges are in docs/plans.md).
 */
class PlanBoundsTest {

  private static final String HEAD =
      """
      release: r
      environment: e
      database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
      approvers: { santiago: {}, brian: {}, dana: {} }
      steps:
      """;

  private final PlanReader reader = new PlanReader();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          required above 2^64       | '  - gate: g\\n    approvers: [dana]\\n    required: 18446744073709551617' | p.yaml:8: steps[0].required: must be between 1 and 1000, found 18446744073709551617
          required negative         | '  - gate: g\\n    approvers: [dana]\\n    required: -1'                 | p.yaml:8: steps[0].required: must be between 1 and 1000, found -1
          jobs above 2^64           | '  - backup: { directory: /b, jobs: 18446744073709551617 }'                | p.yaml:6: steps[0].backup.jobs: must be between 1 and 64, found 18446744073709551617
          compression               | '  - backup: { directory: /b, compression: 10 }'                          | p.yaml:6: steps[0].backup.compression: must be between 0 and 9, found 10
          20-digit duration         | '  - gate: g\\n    approvers: [dana]\\n    timeout: 99999999999999999999d'  | p.yaml:8: steps[0].timeout: must be between 1m and 30d, found '99999999999999999999d'
          20-digit ISO duration     | '  - gate: g\\n    approvers: [dana]\\n    timeout: PT99999999999999999999H' | p.yaml:8: steps[0].timeout: must be between 1m and 30d, found 'PT99999999999999999999H'
          timeout of 13 digits      | '  - gate: g\\n    approvers: [dana]\\n    timeout: 9999999999999d'         | p.yaml:8: steps[0].timeout: must be between 1m and 30d, found '9999999999999d'
          timeout too short         | '  - gate: g\\n    approvers: [dana]\\n    timeout: 30s'                    | p.yaml:8: steps[0].timeout: must be between 1m and 30d, found '30s'
          remind too short          | '  - gate: g\\n    approvers: [dana]\\n    remind: 10s'                     | p.yaml:8: steps[0].remind: must be between 1m and 30d, found '10s'
          remind not before timeout | '  - gate: g\\n    approvers: [dana]\\n    timeout: 1h\\n    remind: 1h'    | p.yaml:9: steps[0].remind: must be shorter than the gate's timeout (1h), found '1h'
          escalate after timeout    | '  - gate: g\\n    approvers: [dana]\\n    escalate: { after: 2d, to: [santiago] }' | p.yaml:8: steps[0].escalate.after: must be shorter than the gate's timeout (1d), found '2d'
          retry max below initial   | '  - backup: { directory: /b, retry: { initialInterval: 1h, maxInterval: 1s } }' | p.yaml:6: steps[0].backup.retry.maxInterval: retry.maxInterval (1s) must not be shorter than retry.initialInterval (1h)
          retry initial above max   | '  - backup: { directory: /b, retry: { initialInterval: 1h } }'            | p.yaml:6: steps[0].backup.retry.initialInterval: retry.maxInterval (5m) must not be shorter than retry.initialInterval (1h)
          retry interval too short  | '  - backup: { directory: /b, retry: { initialInterval: PT0.5S } }'        | p.yaml:6: steps[0].backup.retry.initialInterval: must be between 1s and 1d, found 'PT0.5S'
          retry interval too long   | '  - backup: { directory: /b, retry: { maxInterval: 2d } }'               | p.yaml:6: steps[0].backup.retry.maxInterval: must be between 1s and 1d, found '2d'
          retry attempts            | '  - backup: { directory: /b, retry: { attempts: 0 } }'                   | p.yaml:6: steps[0].backup.retry.attempts: must be between 1 and 100, found 0
          retry backoff             | '  - backup: { directory: /b, retry: { backoff: 0.5 } }'                  | p.yaml:6: steps[0].backup.retry.backoff: must be between 1.0 and 10.0, found 0.5
          connections               | '  - preflight: { maxActiveConnections: 100001 }'                         | p.yaml:6: steps[0].preflight.maxActiveConnections: must be between 0 and 100000, found 100001
          window in 1970            | '  - preflight: { window: { start: "1970-01-01T00:00:00Z", end: "2026-01-01T00:00:00Z" } }' | p.yaml:6: steps[0].preflight.window.start: must be between 2000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, found 1970-01-01T00:00:00Z
          maxAge                    | '  - backup: { directory: /b }\\n  - verify-backup: { maxAge: 400d }'     | p.yaml:7: steps[1].verify-backup.maxAge: must be between 1m and 365d, found '400d'
          minSizeRatio              | '  - backup: { directory: /b }\\n  - verify-backup: { minSizeRatio: 2 }'  | p.yaml:7: steps[1].verify-backup.minSizeRatio: must be between 0.0 and 1.0, found 2.0
          """)
  void refusesAValueOutOfItsRange(String what, String steps, String message) {
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + steps.replace("\\n", "\n") + "\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(message);
  }

  @Test
  void acceptsTheEdgesOfEachRange() throws Exception {
    var plan =
        reader.parse(
            "p.yaml",
            HEAD
                + """
                  - gate: g
                    approvers: [dana]
                    timeout: 30d
                    remind: 1m
                    escalate: { after: 29d23h59m, to: [santiago] }
                  - backup: { directory: /b, jobs: 64, compression: 0, retry: { attempts: 100, initialInterval: 1s, maxInterval: 24h, backoff: 10 } }
                """);

    GateSpec gate = (GateSpec) plan.steps().get(0).spec();
    assertThat(gate.timeout()).isEqualTo(Duration.ofDays(30));
    assertThat(gate.remind()).isEqualTo(Duration.ofMinutes(1));
    BackupSpec backup = (BackupSpec) plan.steps().get(1).spec();
    assertThat(backup.jobs()).isEqualTo(64);
    assertThat(backup.retry().initialInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backup.retry().maxInterval()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void durationsThatOverflowReadAsTooLongInsteadOfWrappingOrFailing() {
    assertThat(DurationParser.parse("99999999999999999999d")).isEqualTo(DurationParser.TOO_LONG);
    assertThat(DurationParser.parse("106751991167301d")).isEqualTo(DurationParser.TOO_LONG);
    assertThat(DurationParser.parse("PT99999999999999999999H")).isEqualTo(DurationParser.TOO_LONG);
    assertThat(DurationParser.parse("1".repeat(100) + "s")).isNull();
    assertThat(DurationParser.parse("2d4h")).isEqualTo(Duration.ofHours(52));
  }
}
