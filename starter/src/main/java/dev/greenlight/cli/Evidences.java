package dev.greenlight.cli;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.StepStatus;
import java.io.PrintWriter;

/** The evidence a decision was made on, as the CLI shows it after the decision. */
final class Evidences {

  private Evidences() {}

  /** Best effort: what the gate's evidence is now, after the decision. */
  static void print(
      Deployments deployments, String id, String gate, boolean signed, PrintWriter out) {
    DeploymentStatus status;
    try {
      status = deployments.status(id);
    } catch (GreenlightException e) {
      return;
    }
    Evidence evidence =
        status.steps().stream()
            .filter(s -> s.name().equals(gate) && s.gate() != null)
            .map(StepStatus::gate)
            .map(g -> g.evidence())
            .findFirst()
            .orElse(null);
    if (evidence != null) {
      out.println("  on evidence " + evidence.shortDigest() + ", which covers:");
      evidence.covers().forEach(line -> out.println("    " + line));
    }
    out.println(signed ? "  signed with your SSH key" : "  unsigned (names only)");
  }
}
