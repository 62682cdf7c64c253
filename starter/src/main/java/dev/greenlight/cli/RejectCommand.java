package dev.greenlight.cli;

import dev.greenlight.client.Signer;
import dev.greenlight.workflows.Rejection;
import dev.greenlight.workflows.status.GateOutcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reject", description = "Reject a gate (NO-GO); this aborts the deployment.")
class RejectCommand implements Callable<Integer> {

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

  @Option(
      names = "--reason",
      required = true,
      description = "Why: it goes on the record and to the war room.")
  String reason;

  @Mixin Signing signing;

  @Override
  public Integer call() {
    try (TemporalOptions.Connection connection = temporal.connect()) {
      var deployments = connection.deployments();
      Signer signer = signing.signer(() -> deployments.plan(id), approver);
      GateOutcome outcome =
          deployments.reject(
              id, new Rejection(gate, approver, "cli", approver, reason), null, signer, null);
      spec.commandLine()
          .getOut()
          .println("rejected gate " + outcome.gate() + "; the deployment is aborting");
    }
    return 0;
  }
}
