package dev.greenlight.slack;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.StatusText;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.Rejection;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What Slack users ask of deployments, decided over the one client service: the Slack user is
 * mapped to an approver through the plan's {@code approvers}, the deployment decides, and every
 * answer is one sentence for an ephemeral reply.
 */
public final class SlackCommands {

  static final String USAGE =
      "Usage: /greenlight approve <id> [gate] [comment] · /greenlight reject <id> [gate] <reason> · /greenlight status <id>";

  private final Deployments deployments;

  public SlackCommands(Deployments deployments) {
    this.deployments = deployments;
  }

  /** {@code /greenlight …}: the text after the command, from {@code userId}. */
  public String command(String userId, String text) {
    List<String> words =
        Arrays.stream(text == null ? new String[0] : text.trim().split("\\s+"))
            .filter(w -> !w.isEmpty())
            .toList();
    if (words.size() < 2) {
      return USAGE;
    }
    String id = words.get(1);
    return switch (words.get(0)) {
      case "approve" ->
          guarded(
              () -> {
                DeploymentStatus status = deployments.status(id);
                String gate = gateNamed(status, words);
                return approve(status, userId, gate, join(words, gate == null ? 2 : 3));
              });
      case "reject" ->
          guarded(
              () -> {
                DeploymentStatus status = deployments.status(id);
                String gate = gateNamed(status, words);
                String reason = join(words, gate == null ? 2 : 3);
                if (reason == null) {
                  return "A rejection needs a reason: /greenlight reject "
                      + id
                      + " [gate] <reason>";
                }
                return reject(status, userId, gate, reason);
              });
      case "status" -> guarded(() -> String.join("\n", StatusText.full(deployments.status(id))));
      default -> USAGE;
    };
  }

  /** The Approve button, or {@code /greenlight approve}. */
  public String approve(String userId, String id, String gate, String comment) {
    return guarded(() -> approve(deployments.status(id), userId, gate, comment));
  }

  private String approve(DeploymentStatus status, String userId, String gate, String comment) {
    String approver = approverFor(status, userId);
    GateOutcome outcome =
        deployments.approve(status.id(), new Approval(gate, approver, "slack", userId, comment));
    return "Approved gate "
        + outcome.gate()
        + " as "
        + approver
        + " ("
        + outcome.approvals()
        + " of "
        + outcome.required()
        + ")"
        + (outcome.state() == GateState.APPROVED
            ? ": the gate is approved."
            : "; still awaiting " + String.join(", ", outcome.awaiting()) + ".");
  }

  /** The reject modal's submission, or {@code /greenlight reject}. */
  public String reject(String userId, String id, String gate, String reason) {
    return guarded(() -> reject(deployments.status(id), userId, gate, reason));
  }

  private String reject(DeploymentStatus status, String userId, String gate, String reason) {
    String approver = approverFor(status, userId);
    GateOutcome outcome =
        deployments.reject(status.id(), new Rejection(gate, approver, "slack", userId, reason));
    return "Rejected gate " + outcome.gate() + " as " + approver + ": the deployment is aborting.";
  }

  /** The plan's approver whose Slack id this is; refused, with who they are, when there is none. */
  private static String approverFor(DeploymentStatus status, String userId) {
    for (Map.Entry<String, Approver> entry : status.approvers().entrySet()) {
      if (userId.equals(entry.getValue().slack())) {
        return entry.getKey();
      }
    }
    throw new GreenlightException(
        dev.greenlight.client.ExitCode.REFUSED,
        "<@" + userId + "> is not one of the approvers of deployment " + status.id() + ".");
  }

  /** The word after the id when it names a gate of the deployment, else null. */
  private static String gateNamed(DeploymentStatus status, List<String> words) {
    if (words.size() < 3) {
      return null;
    }
    String candidate = words.get(2);
    boolean isGate =
        status.steps().stream().anyMatch(s -> s.gate() != null && s.name().equals(candidate));
    return isGate ? candidate : null;
  }

  private static String join(List<String> words, int from) {
    return from >= words.size() ? null : String.join(" ", words.subList(from, words.size()));
  }

  private interface Answer {
    String get();
  }

  /** A refusal is the answer too: exactly why not, in one sentence. */
  private static String guarded(Answer answer) {
    try {
      return answer.get();
    } catch (GreenlightException e) {
      String message = e.getMessage();
      return "Not done: " + message + (message.endsWith(".") ? "" : ".");
    }
  }
}
