package dev.greenlight.cli;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.client.Signer;
import dev.greenlight.client.StatusText;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.report.ExecutionReport;
import dev.greenlight.report.ReportDocument;
import dev.greenlight.report.ReportVerifier;
import dev.greenlight.worker.DemoDatabase;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Signatures;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.DiffRow;
import dev.greenlight.workflows.status.RollbackResult;
import dev.greenlight.workflows.status.StepStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description = {
      "Run a whole demo deployment on the embedded default: a dev server and worker in this process,",
      "a demo database on the local PostgreSQL, and demo approvers answering the gates, each",
      "decision signed with a throwaway SSH key; it ends by writing the execution report."
    })
class DemoCommand implements Callable<Integer> {

  static final String PLAN = "plans/menuca.yaml";

  /** The rollback scenario's plan: a change whose verification fails, and a rollback gate. */
  static final String ROLLBACK_PLAN = "plans/menuca-rollback.yaml";

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      converter = Port.class,
      defaultValue = "0",
      description = "Port of the embedded Temporal server (default: any free port).")
  int port;

  @Option(
      names = "--as",
      defaultValue = "brian",
      description = "The release lead who starts it (default: ${DEFAULT-VALUE}).")
  String releaseLead;

  @Option(
      names = "--report",
      defaultValue = "greenlight-demo-report.md",
      description =
          "Where the execution report is written (default: ${DEFAULT-VALUE}; .html for HTML).")
  Path report;

  @Option(
      names = "--scenario",
      defaultValue = "deploy",
      paramLabel = "NAME",
      description =
          "deploy (default: the change applied and verified) or rollback (a change that fails"
              + " verification, the rollback gate approved, the database restored to its"
              + " baseline; exits 12, ROLLED_BACK).")
  String scenario;

  @Option(
      names = "--database-only",
      description =
          "Only create a fresh demo database (the plan changes it: run this before starting the"
              + " plan yourself again).")
  boolean databaseOnly;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path keys = Files.createTempDirectory("greenlight-demo-keys");
    try {
      return run(out, keys);
    } finally {
      try (var files = Files.list(keys)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(keys);
    }
  }

  private int run(PrintWriter out, Path keys) throws Exception {
    String planName =
        switch (scenario) {
          case "deploy" -> PLAN;
          case "rollback" -> ROLLBACK_PLAN;
          default ->
              throw new GreenlightException(
                  ExitCode.USAGE,
                  "--scenario: expected deploy or rollback, found '" + OneLine.of(scenario) + "'");
        };
    Path planFile = builtIn(planName);
    Plan plain =
        new PlanReader()
            .parse(planName + " (built in)", Files.readString(planFile), planFile.getParent());
    Plan plan = withThrowawayKeys(plain, keys);
    DemoDatabase database;
    try {
      database =
          DemoDatabase.recreate(plan.database(), resource("demo/menuca_v3.sql"), System::getenv);
    } catch (DemoDatabase.Unavailable e) {
      throw new GreenlightException(ExitCode.UNREACHABLE, e.getMessage(), e);
    }
    out.println(
        "Demo database "
            + database.name()
            + " created on "
            + database.server()
            + ": "
            + database.summary());
    if (databaseOnly) {
      return 0;
    }
    out.println(
        "Throwaway ed25519 keys for "
            + String.join(", ", plan.approvers().keySet())
            + " in "
            + keys
            + "; every decision is signed (signatures: required)");
    try (DevCommand.Embedded embedded = DevCommand.Embedded.start("127.0.0.1", port, null, null)) {
      out.println(
          "Temporal dev server on "
              + embedded.address()
              + " (in memory, no UI) and a Greenlight worker");
      Deployments deployments = embedded.deployments();
      String id =
          deployments.start(
              plan, planName, releaseLead, null, Signer.withKeyFile(keys.resolve(releaseLead)));
      out.println("Started deployment " + id + " as " + releaseLead + ", signed");
      out.flush();
      DeploymentStatus last =
          WatchCommand.follow(
              deployments,
              id,
              Duration.ofMillis(200),
              out,
              status -> answerGate(deployments, status, out, keys));
      out.println();
      out.println("Final record (greenlight status " + id + "):");
      StatusText.full(last).forEach(out::println);
      printComparison(last, out);
      ExecutionReport record = deployments.report(id);
      ReportDocument document = ReportDocument.of(record);
      Files.writeString(
          report, report.toString().endsWith(".html") ? document.html() : document.markdown());
      ReportVerifier.Result verified = ReportVerifier.verify(record);
      out.println();
      out.println(
          "Execution report (greenlight report "
              + id
              + "): "
              + report.toAbsolutePath()
              + "; "
              + verified.signed().size()
              + " signatures hold, head "
              + record.head());
      return WatchCommand.exitCode(last);
    }
  }

  /**
   * The demo plan with a throwaway key for each person, made by {@code ssh-keygen} in {@code keys},
   * and signatures required: the keys live only as long as the demo.
   */
  static Plan withThrowawayKeys(Plan plan, Path keys) throws IOException, InterruptedException {
    Map<String, Approver> approvers = new TreeMap<>();
    for (Map.Entry<String, Approver> person : plan.approvers().entrySet()) {
      Path file = keys.resolve(person.getKey());
      Process keygen =
          new ProcessBuilder(
                  "ssh-keygen",
                  "-q",
                  "-t",
                  "ed25519",
                  "-N",
                  "",
                  "-C",
                  person.getKey() + "@greenlight-demo",
                  "-f",
                  file.toString())
              .redirectErrorStream(true)
              .start();
      keygen.getInputStream().readAllBytes();
      if (keygen.waitFor() != 0) {
        throw new GreenlightException(
            ExitCode.INTERNAL, "ssh-keygen could not make the demo key for " + person.getKey());
      }
      approvers.put(
          person.getKey(),
          new Approver(
              person.getValue().slack(), Files.readString(Path.of(file + ".pub")).strip()));
    }
    return new Plan(
        plan.release(),
        plan.environment(),
        plan.database(),
        approvers,
        plan.steps(),
        plan.warRoom(),
        new Signatures(true, null),
        plan.requires(),
        plan.rollback());
  }

  /** After a rollback: the restored database against the baseline taken before the change. */
  private static void printComparison(DeploymentStatus status, PrintWriter out) {
    for (StepStatus step : status.steps()) {
      if (step.result() instanceof RollbackResult rollback && rollback.comparison() != null) {
        out.println();
        out.println(
            rollback.comparison().passed()
                ? "The database is back at its baseline (before the change, after the restore):"
                : "The database is NOT back at its baseline: " + rollback.comparison().reason());
        out.println(String.format("  %-28s %10s %10s  %s", "", "baseline", "restored", "verdict"));
        for (DiffRow row : rollback.comparison().rows()) {
          out.println(
              String.format(
                  "  %-28s %10s %10s  %s",
                  row.subject(),
                  row.before() == null ? "-" : row.before(),
                  row.after() == null ? "-" : row.after(),
                  row.verdict()));
        }
      }
    }
  }

  /** A demo approver answers the open gate: the first one still awaited, signing with their key. */
  private static void answerGate(
      Deployments deployments, DeploymentStatus status, PrintWriter out, Path keys) {
    if (status.state() != DeploymentState.WAITING_FOR_APPROVAL) {
      return;
    }
    StepStatus gate = Deployments.currentStep(status);
    if (gate == null || gate.gate() == null || gate.gate().awaiting().isEmpty()) {
      return;
    }
    String approver = gate.gate().awaiting().get(0);
    if (gate.result() instanceof RollbackResult rollback) {
      out.println("          The rollback gate shows:");
      rollback.details().forEach(line -> out.println("            " + line));
    }
    out.println(
        "          (demo) "
            + approver
            + " answers gate "
            + gate.name()
            + ": greenlight approve "
            + status.id()
            + " --gate "
            + gate.name()
            + " --as "
            + approver
            + " --key "
            + keys.resolve(approver)
            + " --comment GO");
    deployments.approve(
        status.id(),
        new Approval(gate.name(), approver, "cli", approver, "GO"),
        null,
        Signer.withKeyFile(keys.resolve(approver)),
        null);
  }

  /**
   * A built-in file as a path, inside the jar when running from it, so that a plan finds the files
   * it names next to it.
   */
  static Path builtIn(String name) {
    URL url = DemoCommand.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new GreenlightException(ExitCode.INTERNAL, "missing built-in resource " + name);
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return Path.of(uri);
      }
      try {
        FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException alreadyOpen) {
        // opened by an earlier call: use it
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new GreenlightException(ExitCode.INTERNAL, "cannot open built-in resource " + name, e);
    }
  }

  /**
   * Writes the built-in demo plan and the files it names (its migrations directory) into {@code
   * directory}; returns the plan file, which {@code plan check} and {@code start} read as a user's.
   */
  static Path writePlan(Path directory) throws IOException {
    Path plans = builtIn(PLAN).getParent();
    try (var files = Files.walk(plans)) {
      for (Path file : files.toList()) {
        Path target = directory.resolve(plans.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return directory.resolve(Path.of(PLAN).getFileName().toString());
  }

  static String resource(String name) {
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new GreenlightException(ExitCode.INTERNAL, "missing built-in resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GreenlightException(ExitCode.INTERNAL, "cannot read built-in resource " + name, e);
    }
  }
}
