package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.OffsiteSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A plan is read into records, or refused with one line naming file, line and field. */
class PlanReaderTest {

  private static final String HEAD =
      """
      release: menuca-v3-optimization
      environment: production
      database: { url: "jdbc:postgresql://db:5432/menuca", user: deployer, passwordEnv: MENUCA_DB_PASSWORD, expect: { database: menuca } }
      approvers: { santiago: { slack: U01 }, brian: { slack: U02 }, dana: { slack: U03 } }
      steps:
      """;

  private final PlanReader reader = new PlanReader();

  @Test
  void readsTheIssueExample() throws Exception {
    Plan plan =
        reader.parse(
            "menuca.yaml",
            HEAD
                + """
                  - gate: signoff
                    approvers: [santiago]
                    required: 1
                    timeout: 4h
                    confirm: ["Maintenance window announced", "Customer support briefed", "Rollback plan reviewed"]
                  - preflight: { maxActiveConnections: 10, window: { start: "2026-11-23T02:00:00Z", end: "2026-11-23T05:00:00Z" } }
                  - baseline: { schemas: [menuca_v3], exact: true }
                  - notify: "Baseline captured. Proceeding."
                """);

    assertThat(plan.release()).isEqualTo("menuca-v3-optimization");
    assertThat(plan.database().passwordEnv()).isEqualTo("MENUCA_DB_PASSWORD");
    assertThat(plan.database().expectDatabase()).isEqualTo("menuca");
    assertThat(plan.approvers().get("dana").slack()).isEqualTo("U03");
    assertThat(plan.steps())
        .extracting(Step::name)
        .containsExactly("signoff", "preflight", "baseline", "notify");
    Step gate = plan.steps().get(0);
    assertThat(gate.key()).isEqualTo("gate");
    assertThat(((GateSpec) gate.spec()).timeout()).isEqualTo(Duration.ofHours(4));
    assertThat(((GateSpec) gate.spec()).confirm()).hasSize(3);
    assertThat(((PreflightSpec) plan.steps().get(1).spec()).windowEnd())
        .isEqualTo(Instant.parse("2026-11-23T05:00:00Z"));
    assertThat(((BaselineSpec) plan.steps().get(2).spec()).schemas()).containsExactly("menuca_v3");
    assertThat(((NotifySpec) plan.steps().get(3).spec()).text())
        .isEqualTo("Baseline captured. Proceeding.");
  }

  @Test
  void readsTheShippedPlanAndNamesRepeatedSteps() throws Exception {
    Plan plan = reader.read(Path.of("../plans/menuca.yaml"));

    assertThat(plan.steps())
        .extracting(Step::name)
        .containsExactly(
            "signoff",
            "preflight",
            "baseline",
            "backup",
            "verify-backup",
            "notify",
            "go-live",
            "apply",
            "verify-change",
            "notify-2");
    assertThat(((GateSpec) plan.steps().get(6).spec()).required()).isEqualTo(2);
  }

  @Test
  void acceptsBackupStepsForTheBackupIssue() throws Exception {
    Plan plan =
        reader.parse(
            "p.yaml",
            HEAD
                + """
                  - backup: { directory: /var/backups/greenlight, retry: { attempts: 5, initialInterval: 30s } }
                  - verify-backup: { restoreTest: true }
                """);

    assertThat(((BackupSpec) plan.steps().get(0).spec()).method()).isEqualTo("pg_dump");
    assertThat(((BackupSpec) plan.steps().get(0).spec()).retry().attempts()).isEqualTo(5);
    assertThat(((VerifyBackupSpec) plan.steps().get(1).spec()).restoreTest()).isTrue();
  }

  @Test
  void readsEncryptionAndTheOffsiteCopyOfABackup() throws Exception {
    Plan plan =
        reader.parse(
            "p.yaml",
            HEAD
                + """
                  - backup:
                      directory: /var/backups/greenlight
                      encrypt: { keyset: GREENLIGHT_BACKUP_KEYSET }
                      offsite: { s3: { bucket: acme-db-backups, prefix: prod/menuca, endpoint: "http://minio:9000", region: eu-west-1 } }
                """);

    BackupSpec spec = (BackupSpec) plan.steps().get(0).spec();
    assertThat(spec.encrypt()).isEqualTo(new EncryptSpec("GREENLIGHT_BACKUP_KEYSET", null));
    assertThat(spec.offsite())
        .isEqualTo(
            new OffsiteSpec("acme-db-backups", "prod/menuca", "http://minio:9000", "eu-west-1"));
    assertThat(spec.offsite().keyPrefix()).isEqualTo("prod/menuca/");
    assertThat(spec.describe())
        .isEqualTo(
            "backup: pg_dump into /var/backups/greenlight, encrypted, copied to"
                + " s3://acme-db-backups/prod/menuca/");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no key source       | 'encrypt: {}'                                     | p.yaml:6: steps[0].backup.encrypt: name where the worker reads the Tink keyset: keyset: ENV_NAME or keysetFile: /path (one of them; never the key itself)
          a key in the plan   | 'encrypt: { keyset: "CkQKOHR5cGUuZ29vZ2xl==" }'    | p.yaml:6: steps[0].backup.encrypt.keyset: expected the name of an environment variable, such as GREENLIGHT_BACKUP_KEYSET (the keyset itself never goes in a plan)
          relative key file   | 'encrypt: { keysetFile: keys.json }'              | p.yaml:6: steps[0].backup.encrypt.keysetFile: expected an absolute path on the worker, found 'keys.json'
          encrypted directory | 'format: directory, encrypt: { keyset: K }'       | p.yaml:6: steps[0].backup.format: an encrypted backup is one file encrypted as pg_dump streams it: use format custom (the default with encrypt)
          no bucket           | 'offsite: { s3: { prefix: p } }'                  | p.yaml:6: steps[0].backup.offsite.s3.bucket: is required: the S3 bucket the backups are copied to
          not s3              | 'offsite: { gcs: { bucket: b } }'                 | p.yaml:6: steps[0].backup.offsite.gcs: unknown field (expected one of: s3)
          credentials in url  | 'offsite: { s3: { bucket: abc, endpoint: "http://k:s@minio:9000" } }' | p.yaml:6: steps[0].backup.offsite.s3.endpoint: must not carry a password or other credentials; they are read on the worker (database.passwordEnv, the AWS credential chain)
          """)
  void refusesABadEncryptionOrOffsiteCopy(String what, String fields, String message) {
    String steps = "  - backup: { directory: /b, " + fields + " }\n";
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + steps))
        .isInstanceOf(PlanException.class)
        .hasMessage(message);
  }

  @Test
  void readsTheWarRoomRemindersAndEscalation() throws Exception {
    Plan plan =
        reader.parse(
            "p.yaml",
            HEAD.replace("steps:\n", "notify: { slack: { channel: C0WARROOM } }\nsteps:\n")
                + """
                  - gate: signoff
                    approvers: [santiago]
                    remind: 30m
                    escalate: { after: 2h, to: [dana] }
                """);

    assertThat(plan.slackChannel()).isEqualTo("C0WARROOM");
    var gate = (GateSpec) plan.steps().get(0).spec();
    assertThat(gate.remind()).isEqualTo(Duration.ofMinutes(30));
    assertThat(gate.escalateAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(gate.escalateTo()).containsExactly("dana");
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD
                        + "  - gate: g\n    approvers: [dana]\n    escalate: { after: 1h, to: [eve] }\n"))
        .hasMessage(
            "p.yaml:8: steps[0].escalate.to[0]: 'eve' is not in the plan's approvers (santiago, brian, dana)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown step        | '  - deploy: { sql: x.sql }'                         | p.yaml:6: steps[0].deploy: unknown step 'deploy' (steps: gate, preflight, baseline, backup, verify-backup, notify, apply, verify-change)
          unknown approver    | '  - gate: g\\n    approvers: [santiago, mallory]'  | p.yaml:7: steps[0].approvers[1]: 'mallory' is not in the plan's approvers (santiago, brian, dana)
          required too high   | '  - gate: g\\n    approvers: [santiago]\\n    required: 2' | p.yaml:8: steps[0].required: 2 is more than the 1 approvers listed for gate g
          wrong type          | '  - gate: g\\n    approvers: [santiago]\\n    required: two' | p.yaml:8: steps[0].required: expected a whole number, found 'two'
          missing field       | '  - gate: g'                                        | p.yaml:6: steps[0].approvers: is required: list who may approve gate g
          bad duration        | '  - gate: g\\n    approvers: [dana]\\n    timeout: soon' | p.yaml:8: steps[0].timeout: expected a duration such as 30m, 4h or 1h30m, found 'soon'
          unknown field       | '  - baseline: { schemas: [a], exakt: true }'        | p.yaml:6: steps[0].baseline.exakt: unknown field (expected one of: schemas, tables, exact)
          two kinds           | '  - { notify: hi, preflight: {} }'                  | p.yaml:6: steps[0]: one step per list item, found notify and preflight
          restore step        | '  - restore: { backup: b }'                         | p.yaml:6: steps[0].restore: is not a plan step: ask for a restore with 'greenlight restore'
          verify first        | '  - verify-backup: {}'                              | p.yaml:6: steps[0]: verify-backup needs a backup step before it
          duplicate gate      | '  - gate: g\\n    approvers: [dana]\\n  - gate: g\\n    approvers: [dana]' | p.yaml:8: steps[1]: a step named 'g' already exists; give this one a unique name
          bad window          | '  - preflight: { window: { start: "2026-11-23T05:00:00Z", end: "2026-11-23T02:00:00Z" } }' | p.yaml:6: steps[0].preflight.window.end: must be after window.start (2026-11-23T05:00:00Z)
          """)
  void refusesABadStepWithFileLineAndField(String what, String steps, String message) {
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + steps.replace("\\n", "\n") + "\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(message);
  }

  @Test
  void refusesUnreadableYamlWithItsLine() {
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + "  - gate: [unclosed\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "p.yaml:6: not valid YAML: while parsing a flow sequence,"
                + " expected ',' or ']', but got <stream end> (line 7, column 1)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesAPasswordInTheUrlAndAMissingGuard() {
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    "release: r\nenvironment: e\ndatabase:\n  url: jdbc:postgresql://db/x?password=hunter2\n"))
        .hasMessage(
            "p.yaml:4: database.url: must not carry a password or other credentials; they are read on the worker (database.passwordEnv, the AWS credential chain)");
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    "release: r\nenvironment: e\ndatabase:\n  url: jdbc:postgresql://db/x\n"))
        .hasMessage(
            "p.yaml:3: database.expect: is required: name the only database this plan may run against (expect: { database: name })");
  }

  @Test
  void refusesAMissingFileAndDuplicateKeys() {
    assertThatThrownBy(() -> reader.read(Path.of("no/such/plan.yaml")))
        .hasMessage("no/such/plan.yaml: no such file");
    assertThatThrownBy(() -> reader.parse("p.yaml", "release: a\nrelease: b\n"))
        .hasMessageStartingWith("p.yaml:2: not valid YAML: Duplicate field 'release'");
  }

  @Test
  void parsesDurationsAsPeopleWriteThem() {
    assertThat(DurationParser.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationParser.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationParser.parse("PT4H")).isEqualTo(Duration.ofHours(4));
    assertThat(DurationParser.parse("45")).isNull();
    assertThat(List.of("4 hours", "", "h"))
        .allSatisfy(text -> assertThat(DurationParser.parse(text)).isNull());
  }

  @Test
  void readsKeysSignaturesAndPromotionAndRefusesAMalformedKey() throws Exception {
    String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJBcFTp11eaKe8Dp7DRT4WOqu0bUyEQJHFj2PkXVjzgo";
    var plan =
        reader.parse(
            "p.yaml",
            """
            release: r
            environment: production
            database: { url: "jdbc:postgresql://db/m", expect: { database: m } }
            approvers:
              santiago: { slack: U01, key: "%s santiago@laptop" }
            signatures: { required: true, slackGateway: "%s gateway" }
            requires: { environment: staging, within: 7d }
            steps:
              - notify: hi
            """
                .formatted(key, key));
    assertThat(plan.keyOf("santiago")).isEqualTo(key + " santiago@laptop");
    assertThat(plan.signaturesRequired()).isTrue();
    assertThat(plan.slackGatewayKey()).startsWith("ssh-ed25519 ");
    assertThat(plan.requires().environment()).isEqualTo("staging");
    assertThat(plan.requires().within()).isEqualTo(Duration.ofDays(7));

    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD.replace("{ slack: U01 }", "{ slack: U01, key: \"ssh-ed25519 AAAA\" }")
                        + "  - notify: hi\n"))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "p.yaml:4: approvers.santiago.key: not a usable public key: the key blob is not an ssh-ed25519 key");
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD.replace("{ slack: U01 }", "{ slack: U01, key: \"ssh-rsa AAAAB3Nza x\" }")
                        + "  - notify: hi\n"))
        .hasMessageEndingWith("only ssh-ed25519 keys are accepted, found ssh-rsa");
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD.replace("steps:", "signatures: required\nsteps:") + "  - notify: hi\n"))
        .hasMessage(
            "p.yaml:4: approvers.santiago: signatures are required, but santiago has no key"
                + " (key: \"ssh-ed25519 AAAA… santiago@laptop\")");
  }
}
