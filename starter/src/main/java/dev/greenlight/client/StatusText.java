package dev.greenlight.client;

import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.GateStatus;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import dev.greenlight.workflows.status.VerifiedBackup;
import dev.greenlight.workflows.status.VoidedApproval;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Deployment statuses as text for people: the whole picture, and what changed since last time. */
public final class StatusText {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private StatusText() {}

  /** The whole status: a header and one line per step. */
  public static List<String> full(DeploymentStatus status) {
    List<String> lines = new ArrayList<>();
    lines.add(
        status.id()
            + ": "
            + status.state()
            + (status.currentStep() == null ? "" : " at " + status.currentStep()));
    lines.add(
        "  release "
            + status.release()
            + " to "
            + status.environment()
            + " (database "
            + status.database()
            + "), started by "
            + status.startedBy()
            + " at "
            + status.startedAt());
    if (status.reason() != null) {
      lines.add("  reason: " + status.reason());
    }
    if (status.backup() != null) {
      VerifiedBackup b = status.backup();
      lines.add(
          "  backup (the way back): "
              + b.id()
              + ", "
              + Sizes.bytes(b.bytes())
              + ", sha256 "
              + b.sha256()
              + (b.restoreTested() ? ", restore-tested" : "")
              + ", at "
              + b.location());
    }
    if (status.notificationsFailed() > 0) {
      lines.add("  war-room messages not delivered: " + status.notificationsFailed());
    }
    lines.add("  " + signing(status));
    for (StepStatus step : status.steps()) {
      lines.add(
          String.format("  %-22s %-20s %s", step.name(), step.state(), describe(step))
              .stripTrailing());
      if (step.result() != null) {
        step.result().details().forEach(line -> lines.add("      " + line));
      }
      GateStatus gate = step.gate();
      if (gate == null) {
        continue;
      }
      if (gate.evidence() != null && gate.state() != GateState.PENDING) {
        lines.add(
            "      evidence "
                + gate.evidence().shortDigest()
                + " covers: "
                + String.join("; ", gate.evidence().covers()));
      }
      for (Decision decision : gate.approvals()) {
        lines.add("      approved by " + who(decision));
      }
      if (gate.rejection() != null) {
        lines.add("      rejected by " + who(gate.rejection()));
      }
      if (gate.voided() != null) {
        for (VoidedApproval voided : gate.voided()) {
          lines.add(
              "      voided: " + voided.approval().approver() + "'s approval, " + voided.reason());
        }
      }
    }
    return lines;
  }

  /** Whether decisions are signed, said plainly. */
  static String signing(DeploymentStatus status) {
    if (status.signatures() == null) {
      return "decisions: unsigned (the plan names no signature rule): names only, anyone with"
          + " access to Temporal can decide as anyone";
    }
    return "decisions: "
        + (status.signatures().required() ? "signatures required" : "signatures optional")
        + (status.signatures().slackGateway() == null
            ? "; Slack decisions " + (status.signatures().required() ? "refused" : "unsigned")
            : "; Slack decisions signed by the gateway")
        + "; start "
        + (status.startSigner() == null ? "unsigned" : "signed by " + status.startSigner());
  }

  private static String who(Decision decision) {
    return decision.approver()
        + via(decision)
        + " at "
        + decision.at()
        + (decision.signer() == null ? ", unsigned" : ", signed by " + decision.signer())
        + (decision.evidence() == null
            ? ""
            : ", on evidence " + Evidence.shorten(decision.evidence()))
        + comment(decision);
  }

  /** Lines for what changed from {@code before} (null at first) to {@code now}. */
  public static List<String> changes(DeploymentStatus before, DeploymentStatus now, Instant at) {
    List<String> lines = new ArrayList<>();
    String clock = CLOCK.format(at);
    if (before == null) {
      lines.add(
          clock
              + "  "
              + now.id()
              + ": "
              + now.release()
              + " to "
              + now.environment()
              + ", started by "
              + now.startedBy());
    }
    for (int i = 0; i < now.steps().size(); i++) {
      StepStatus step = now.steps().get(i);
      StepStatus previous =
          before == null || i >= before.steps().size() ? null : before.steps().get(i);
      if (previous != null && previous.equals(step)) {
        continue;
      }
      if (step.state() == StepState.PENDING) {
        continue;
      }
      for (Decision approval : newApprovals(previous, step)) {
        lines.add(
            line(
                clock,
                step,
                "approved by " + approval.approver() + via(approval) + comment(approval)));
      }
      if (previous == null || previous.state() != step.state()) {
        lines.add(line(clock, step, stateText(step)));
        if (step.state() == StepState.WAITING_FOR_APPROVAL) {
          for (String item : step.gate().confirm()) {
            lines.add(line(clock, step, "  confirm: " + item));
          }
        }
      }
    }
    if (now.state().isFinal() && (before == null || !before.state().isFinal())) {
      lines.add(
          clock
              + "  deployment "
              + now.state()
              + (now.reason() == null ? "" : ": " + now.reason()));
    }
    return lines;
  }

  private static List<Decision> newApprovals(StepStatus previous, StepStatus step) {
    if (step.gate() == null) {
      return List.of();
    }
    int seen = previous == null || previous.gate() == null ? 0 : previous.gate().approvals().size();
    List<Decision> all = step.gate().approvals();
    return all.subList(Math.min(seen, all.size()), all.size());
  }

  private static String line(String clock, StepStatus step, String text) {
    return String.format("%s  %-14s %s", clock, step.name(), text);
  }

  private static String stateText(StepStatus step) {
    return switch (step.state()) {
      case RUNNING -> "running";
      case WAITING_FOR_APPROVAL -> describe(step);
      case SUCCEEDED -> describe(step).isEmpty() ? "done" : "done: " + describe(step);
      case FAILED -> "FAILED: " + step.error();
      case ABORTED -> "aborted";
      case SKIPPED -> "skipped";
      case PENDING -> "pending";
    };
  }

  /** A step's key figures, or what it waits for. */
  static String describe(StepStatus step) {
    if (step.gate() != null) {
      return gate(step.gate(), step);
    }
    if (step.error() != null) {
      return step.error();
    }
    String summary = step.result() == null ? "" : step.result().summary();
    return step.note() == null
        ? summary
        : summary.isEmpty() ? step.note() : summary + "; " + step.note();
  }

  private static String gate(GateStatus gate, StepStatus step) {
    StringBuilder text = new StringBuilder();
    switch (gate.state()) {
      case OPEN -> {
        text.append("waiting for ")
            .append(String.join(", ", gate.awaiting()))
            .append(" (")
            .append(gate.approvals().size())
            .append(" of ")
            .append(gate.required())
            .append(" approvals");
        if (gate.deadline() != null) {
          text.append("; expires ").append(gate.deadline());
        }
        text.append(')');
      }
      case APPROVED ->
          text.append("approved by ")
              .append(
                  String.join(", ", gate.approvals().stream().map(Decision::approver).toList()));
      case REJECTED -> text.append(step.error());
      case EXPIRED -> text.append(step.error());
      case CLOSED -> text.append("closed by the abort");
      case PENDING ->
          text.append(gate.required()).append(" of ").append(String.join(", ", gate.approvers()));
    }
    return text.toString();
  }

  private static String via(Decision decision) {
    return decision.via() == null ? "" : " via " + decision.via();
  }

  private static String comment(Decision decision) {
    return decision.comment() == null || decision.comment().isBlank()
        ? ""
        : ": " + decision.comment();
  }
}
