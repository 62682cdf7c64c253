package dev.greenlight.cli;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.workflows.TaskQueues;
import dev.greenlight.workflows.format.Durations;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RollbackGate;
import dev.greenlight.workflows.plan.RollbackSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.StepStatus;
import dev.greenlight.workflows.status.VerifiedBackup;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rollback",
    description = {
      "Ask for a deployment that SUCCEEDED to be rolled back to its verified backup.",
      "Starts the same gated rollback a failed change opens, as a new run (rollback-<ID>): the",
      "gate shows the backup and the rows written since the deployment's baseline; approved by",
      "the plan's rollback approvers (or, without rollback:, one of its gate approvers), never by",
      "you, it takes an emergency backup, restores, and compares with the baseline. Prints the",
      "run's id to follow with status, watch, approve, reject and abort."
    })
class RollbackCommand implements Callable<Integer> {

  static final int MAX_REASON = 500;

  /** How long a rollback asked for later waits for its approval when the plan has no rollback:. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(4);

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "ID", description = "The deployment to roll back.")
  String deploymentId;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "NAME",
      description = "Who asks for the rollback (may not approve it).")
  String requestedBy;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "R",
      description = "Why, for the record (one line, at most 500 characters).")
  String reason;

  @Option(names = "--id", description = "Run id (default: rollback-<ID>, -2, -3… if taken).")
  String id;

  @Mixin Signing signing;

  @Override
  public Integer call() {
    if (reason.isBlank() || reason.length() > MAX_REASON || !OneLine.of(reason).equals(reason)) {
      throw new GreenlightException(
          ExitCode.USAGE, "--reason: one line of at most " + MAX_REASON + " characters");
    }
    try (TemporalOptions.Connection connection = temporal.connect()) {
      Deployments deployments = connection.deployments();
      DeploymentStatus status = deployments.status(deploymentId);
      if (status.state() != DeploymentState.SUCCEEDED) {
        throw new GreenlightException(
            ExitCode.REFUSED,
            "deployment "
                + deploymentId
                + " is "
                + status.state()
                + ", not SUCCEEDED: only a deployment that succeeded is rolled back this way"
                + " (a failed change opens its plan's rollback gate itself)");
      }
      VerifiedBackup backup = status.backup();
      if (backup == null) {
        throw new GreenlightException(
            ExitCode.NOT_FOUND,
            "deployment " + deploymentId + " has no verified backup to roll back to");
      }
      Plan original = deployments.plan(deploymentId);
      Plan plan = plan(original, status, backup);
      RollbackSpec rollback = (RollbackSpec) plan.steps().get(0).spec();
      String runId = id != null ? id : deployments.freeId("rollback-" + deploymentId);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "Will roll "
              + original.database().expectDatabase()
              + " back to backup "
              + backup.id()
              + " (sha256 "
              + backup.sha256()
              + ", "
              + (backup.restoreTested() ? "restore-tested" : "not restore-tested")
              + ") on host "
              + rollback.host()
              + ",");
      out.println(
          "  once "
              + rollback.gate().required()
              + " of "
              + String.join(", ", rollback.gate().approvers())
              + " approve within "
              + Durations.format(rollback.gate().timeout())
              + " ("
              + requestedBy
              + ", who asks, may not),");
      out.println(
          "  after an emergency backup of "
              + original.database().expectDatabase()
              + " into "
              + rollback.directory()
              + ".");
      String started =
          deployments.start(
              plan,
              "greenlight rollback " + deploymentId,
              requestedBy,
              runId,
              signing.signer(plan, requestedBy));
      out.println(
          "Asked for the rollback; it waits for gate "
              + RollbackGate.GATE_NAME
              + ": greenlight approve "
              + started
              + " --as NAME, then greenlight watch "
              + started);
      out.println(started);
    }
    return 0;
  }

  /**
   * The rollback as a one-step plan: the original deployment's database, people and war room, and a
   * rollback step with its verified backup (on the host and in the catalog that hold it) and its
   * baseline.
   */
  private Plan plan(Plan original, DeploymentStatus status, VerifiedBackup backup) {
    BackupResult archive = null;
    String directory = null;
    BaselineSpec baselineSpec = null;
    BaselineResult baseline = null;
    Set<String> historyTables = new LinkedHashSet<>();
    for (int i = 0; i < status.steps().size() && i < original.steps().size(); i++) {
      StepStatus step = status.steps().get(i);
      Step planned = original.steps().get(i);
      if (step.result() instanceof BackupResult taken && taken.id().equals(backup.id())) {
        archive = taken;
        directory = ((BackupSpec) planned.spec()).directory();
      }
      if (baseline == null
          && step.result() instanceof BaselineResult measured
          && planned.spec() instanceof BaselineSpec selected) {
        baseline = measured;
        baselineSpec = selected;
      }
      if (step.result() instanceof ApplyResult applied) {
        historyTables.add(applied.historyTable());
      } else if (planned.spec() instanceof ApplySpec apply) {
        historyTables.add(apply.historyTable());
      }
    }
    String host = archive == null ? null : TaskQueues.hostOf(archive.taskQueue());
    if (host == null) {
      throw new GreenlightException(
          ExitCode.NOT_FOUND,
          "deployment "
              + deploymentId
              + "'s backup "
              + backup.id()
              + " names no host that holds it (recorded before host queues)");
    }
    String confirm =
        "Restore backup "
            + backup.id()
            + " into "
            + original.database().expectDatabase()
            + ", asked by "
            + requestedBy
            + ": "
            + reason;
    GateSpec gate;
    if (original.rollback() != null) {
      gate = original.rollback().gate(List.of(confirm));
    } else {
      Set<String> people = new LinkedHashSet<>();
      original.steps().stream()
          .filter(step -> step.spec() instanceof GateSpec)
          .forEach(step -> people.addAll(((GateSpec) step.spec()).approvers()));
      gate = new GateSpec(List.copyOf(people), 1, DEFAULT_TIMEOUT, List.of(confirm));
    }
    long others = gate.approvers().stream().filter(p -> !p.equals(requestedBy)).count();
    if (others < gate.required()) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "the rollback of "
              + deploymentId
              + " could never be approved: it needs "
              + gate.required()
              + " of "
              + (gate.approvers().isEmpty() ? "nobody" : String.join(", ", gate.approvers()))
              + ", and "
              + requestedBy
              + ", who asks, cannot approve it");
    }
    RollbackSpec rollback =
        new RollbackSpec(
            gate,
            null,
            "rollback of " + deploymentId + " asked by " + requestedBy + ": " + reason,
            List.of(),
            backup,
            host,
            directory,
            archive.encryption() == null
                ? null
                : EncryptSpec.ofSource(archive.encryption().keyset()),
            baselineSpec,
            baseline,
            List.copyOf(historyTables));
    return new Plan(
        original.release(),
        original.environment(),
        original.database(),
        original.approvers(),
        List.of(new Step(RollbackGate.GATE_NAME, rollback)),
        original.warRoom(),
        original.signatures(),
        null,
        null);
  }
}
