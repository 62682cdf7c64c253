package dev.greenlight.workflows;

import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateStatus;
import dev.greenlight.workflows.status.StepStatus;
import java.util.Locale;
import java.util.stream.Collectors;

/** A deployment's status as Markdown, for the Temporal UI's current details. Deterministic. */
final class ProgressMarkdown {

  private ProgressMarkdown() {}

  static String render(DeploymentStatus status) {
    StringBuilder text = new StringBuilder();
    text.append("**")
        .append(status.release())
        .append("** to **")
        .append(status.environment())
        .append("**: ")
        .append(status.state());
    if (status.currentStep() != null) {
      text.append(" at **").append(status.currentStep()).append("**");
    }
    text.append("\n\nStarted by ")
        .append(status.startedBy())
        .append(" at ")
        .append(status.startedAt())
        .append('.')
        .append(
            status.signatures() == null
                ? " Decisions are unsigned (names only)."
                : status.startSigner() == null
                    ? ""
                    : " Start signed by " + status.startSigner() + ".");
    if (status.reason() != null) {
      text.append("\n\nReason: ").append(status.reason());
    }
    if (status.backup() != null) {
      text.append("\n\nVerified backup: `")
          .append(status.backup().id())
          .append("`, ")
          .append(Sizes.bytes(status.backup().bytes()))
          .append(", sha256 `")
          .append(status.backup().sha256())
          .append('`');
    }
    text.append("\n\n| step | state | details |\n|---|---|---|\n");
    for (StepStatus step : status.steps()) {
      text.append("| ")
          .append(step.name())
          .append(" | ")
          .append(step.state().mark())
          .append(' ')
          .append(step.state().name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .append(" | ")
          .append(details(step).replace("|", "\\|"))
          .append(" |\n");
    }
    for (StepStatus step : status.steps()) {
      if (step.result() != null && !step.result().details().isEmpty()) {
        text.append("\n**")
            .append(step.name())
            .append("**\n\n```\n")
            .append(String.join("\n", step.result().details()))
            .append("\n```\n");
      }
    }
    return text.toString();
  }

  private static String details(StepStatus step) {
    if (step.gate() != null) {
      GateStatus gate = step.gate();
      String approvals =
          gate.approvals().stream().map(Decision::approver).collect(Collectors.joining(", "));
      return switch (gate.state()) {
        case OPEN ->
            "awaiting "
                + String.join(", ", gate.awaiting())
                + " ("
                + gate.approvals().size()
                + " of "
                + gate.required()
                + "), expires "
                + gate.deadline()
                + (gate.evidence() == null
                    ? ""
                    : "; on evidence `" + gate.evidence().shortDigest() + "`");
        case APPROVED -> "approved by " + approvals;
        case PENDING -> gate.required() + " of " + String.join(", ", gate.approvers());
        default ->
            step.error() == null ? gate.state().name().toLowerCase(Locale.ROOT) : step.error();
      };
    }
    if (step.error() != null) {
      return step.error();
    }
    String summary = step.result() == null ? "" : step.result().summary();
    return step.note() == null ? summary : summary + "; " + step.note();
  }
}
