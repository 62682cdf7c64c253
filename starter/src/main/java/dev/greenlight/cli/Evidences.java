package dev.greenlight.cli;

import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.StepStatus;
import java.io.PrintWriter;

/** The evidence a decision was made on, as the CLI shows it after the decision. */
final class Evidences {

  private Evidences() {}

  static void print(DeploymentStatus status, String gate, boolean signed, PrintWriter out) {
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
