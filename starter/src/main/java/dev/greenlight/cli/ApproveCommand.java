package dev.greenlight.cli;

import dev.greenlight.client.Signer;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "approve",
    description = "Approve a gate (GO). By approving you confirm the gate's checklist.")
class ApproveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "ID", description = "The deployment id.")
  String id;

  @Option(names = "--gate", description = "The gate (default: the one open gate).")
  String gate;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "NAME",
      description = "Your approver name from the plan.")
  String approver;

  @Option(names = "--comment", description = "A comment for the record.")
  String comment;

  @Mixin Signing signing;

  @Override
  public Integer call() {
    try (TemporalOptions.Connection connection = temporal.connect()) {
      var deployments = connection.deployments();
      Signer signer = signing.signer(() -> deployments.plan(id), approver);
      GateOutcome outcome =
          deployments.approve(
              id, new Approval(gate, approver, "cli", approver, comment), null, signer, null);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "approved gate "
              + outcome.gate()
              + " ("
              + outcome.approvals()
              + " of "
              + outcome.required()
              + "): gate "
              + outcome.state()
              + (outcome.awaiting().isEmpty() || outcome.state() != GateState.OPEN
                  ? ""
                  : "; still awaiting " + String.join(", ", outcome.awaiting())));
      for (String item : outcome.confirm()) {
        out.println("  confirmed: " + item);
      }
      Evidences.print(deployments, id, outcome.gate(), signer != null, out);
    }
    return 0;
  }
}
