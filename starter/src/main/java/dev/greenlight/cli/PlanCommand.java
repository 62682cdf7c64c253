package dev.greenlight.cli;

import dev.greenlight.plan.PlanReader;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    description = "Work with plan files.",
    subcommands = PlanCommand.Check.class)
class PlanCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "check", description = "Validate a plan and print its steps; starts nothing.")
  static class Check implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PLAN", description = "The plan file (YAML).")
    Path file;

    @Override
    public Integer call() throws Exception {
      Plan plan = new PlanReader().read(file);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          file
              + ": "
              + plan.release()
              + " to "
              + plan.environment()
              + " on database "
              + plan.database().expectDatabase()
              + ", "
              + plan.steps().size()
              + " steps");
      int number = 1;
      for (Step step : plan.steps()) {
        out.printf("  %2d. %-16s %s%n", number++, step.name(), step.spec().describe());
        if (step.spec() instanceof ApplySpec apply) {
          for (ChangeFile change : apply.files()) {
            out.printf(
                "      %-32s %6d bytes  sha256 %s%n",
                change.name(), change.bytes(), change.sha256());
          }
        }
      }
      if (plan.rollback() != null) {
        out.printf("      %-16s %s%n", "", plan.rollback().describe());
      }
      return 0;
    }
  }
}
