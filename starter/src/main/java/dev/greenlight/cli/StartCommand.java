package dev.greenlight.cli;

import dev.greenlight.plan.PlanReader;
import dev.greenlight.workflows.plan.Plan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "start",
    description = "Start a deployment from a plan file; prints its id alone on a line.")
class StartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "PLAN", description = "The plan file (YAML).")
  Path plan;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "NAME",
      description = "Who starts it (the release lead).")
  String startedBy;

  @Option(names = "--id", description = "Deployment id (default: deploy-<release>-<environment>).")
  String id;

  @Mixin Signing signing;

  @Override
  public Integer call() throws Exception {
    Plan checked = new PlanReader(startedBy).read(plan);
    var signer = signing.signer(checked, startedBy);
    try (TemporalOptions.Connection connection = temporal.connect()) {
      String deploymentId =
          connection.deployments().start(checked, plan.toString(), startedBy, id, signer);
      spec.commandLine().getOut().println(deploymentId);
    }
    return 0;
  }
}
