package dev.greenlight.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.cli.Main;
import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.client.TestKeys;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.status.DeploymentState;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greenlight report}: the execution log of a signed deployment, written from its record in
 * Markdown, JSON and one self-contained HTML file (rendered by headless Chromium); {@code --verify}
 * re-checks every signature and the hash chain offline and names a record with one byte changed.
 */
class ReportTest {

  private static DevServer server;
  private static WorkflowServiceStubs service;
  private static GreenlightWorker worker;
  private static String address;
  private static Deployments deployments;

  @TempDir Path dir;

  @BeforeAll
  static void startTemporal() {
    server = DevServer.start("127.0.0.1", 0);
    address = "127.0.0.1:" + server.port();
    TemporalConfig config = new TemporalConfig(address, "default");
    service = TemporalClients.connect(config, Duration.ofSeconds(10));
    var client = TemporalClients.client(service, config);
    worker = GreenlightWorker.start(client, false, System::getenv);
    deployments = new Deployments(client);
  }

  @AfterAll
  static void stopTemporal() {
    worker.close();
    service.shutdown();
    server.close();
  }

  @Test
  void aSignedDeploymentsReportIsWrittenFromTheRecordAndVerifiesUntilOneByteChanges()
      throws Exception {
    Path brian = dir.resolve("brian");
    Path santiago = dir.resolve("santiago");
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        """
        release: report-%s
        environment: staging
        database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
        approvers:
          santiago: { slack: U01, key: "%s" }
          brian: { slack: U02, key: "%s" }
        signatures: required
        steps:
          - gate: signoff
            approvers: [santiago]
            confirm: ["Rollback plan reviewed"]
          - notify: "Signed off. Proceeding."
        """
            .formatted(
                UUID.randomUUID().toString().substring(0, 8),
                TestKeys.generate(santiago),
                TestKeys.generate(brian)));

    Run unsigned = cli("start", plan.toString(), "--as", "brian");
    assertThat(unsigned.code).isEqualTo(2);
    assertThat(unsigned.err)
        .isEqualTo(
            "greenlight: this deployment requires signed decisions: give --key FILE (your private"
                + " key) or load brian's key into ssh-agent (SSH_AUTH_SOCK)\n");

    String id =
        cli("start", plan.toString(), "--as", "brian", "--key", brian.toString()).out.strip();
    AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
    Run approve =
        cli("approve", id, "--as", "santiago", "--key", santiago.toString(), "--comment", "GO");
    assertThat(approve.code).as(approve.err).isZero();
    assertThat(approve.out).contains("  on evidence sha256:", "  signed with your SSH key");
    AwaitDeployment.state(deployments, id, DeploymentState.SUCCEEDED);
    String santiagoKey =
        SshKeys.parsePublicKey(Files.readString(Path.of(santiago + ".pub"))).fingerprint();

    Path json = dir.resolve("report.json");
    assertThat(cli("report", id, "--format", "json", "-o", json.toString()).code).isZero();
    Run verified = cli("report", "--verify", json.toString());
    assertThat(verified.code).as(verified.err).isZero();
    assertThat(verified.out)
        .contains(
            "2 signatures hold, 0 decisions unsigned",
            "signed: santiago (decision) " + santiagoKey);

    Run markdown = cli("report", id);
    assertThat(markdown.out)
        .contains(
            "# Execution log: report-",
            "signed by SHA256:",
            "| santiago | approve | cli | GO | " + santiagoKey + " | sha256:",
            "Signed off. Proceeding.",
            "## Timeline");

    String text = Files.readString(json);
    String altered = text.replaceFirst("\"text\" : \"GO\"", "\"text\" : \"GP\"");
    assertThat(altered).isNotEqualTo(text);
    Path tampered = dir.resolve("tampered.json");
    Files.writeString(tampered, altered);
    Run refused = cli("report", "--verify", tampered.toString());
    assertThat(refused.code).isEqualTo(7);
    assertThat(refused.err)
        .startsWith(
            "greenlight: record 2 (decision: Approved gate signoff by santiago via cli) was altered");

    Path html = dir.resolve("report.html");
    assertThat(cli("report", id, "--format", "html", "-o", html.toString()).code).isZero();
    String page = Files.readString(html);
    assertThat(page).doesNotContain("<script", "http://", "https://");
    String chromium = chromium();
    Assumptions.assumeTrue(
        chromium != null,
        "chromium is not installed here (.ci/run installs it): the HTML report was not rendered");
    Process render =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--dump-dom",
                html.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dom)
        .contains("<h1>Execution log: report-", "<td>santiago</td><td>approve</td>", santiagoKey);
  }

  static String chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return null;
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    boolean offline = all.contains("--verify") && all.get(all.size() - 1).endsWith(".json");
    if (!offline) {
      all.add("--temporal");
      all.add(address);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }
}
