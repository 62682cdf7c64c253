package dev.greenlight.slack;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.Signer;
import dev.greenlight.client.StatusText;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.Rejection;
import dev.greenlight.workflows.slack.GateAction;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import java.util.Arrays;
import java.util.List;

/**
 * What Slack users ask of deployments, decided over the one client service: a decision is one
 * update naming the Slack user, whom the deployment itself maps to the plan's approver; every
 * answer is one sentence for an ephemeral reply.
 */
public final class SlackCommands {

  static final String USAGE =
      "Usage: /greenlight approve <id> [gate] [comment] · /greenlight reject <id> [gate] <reason> · /greenlight status <id>";

  private final Deployments deployments;
  private final Signer gatewaySigner;

  /** Decisions forwarded unsigned: for plans that name no gateway key. */
  public SlackCommands(Deployments deployments) {
    this(deployments, null);
  }

  /**
   * Decisions forwarded signed with the gateway's own key ({@code gatewaySigner}; null: unsigned),
   * over a statement naming the Slack user, which the worker checks against the plan's {@code
   * signatures.slackGateway}.
   */
  public SlackCommands(Deployments deployments, Signer gatewaySigner) {
    this.deployments = deployments;
    this.gatewaySigner = gatewaySigner;
  }

  /** {@code /greenlight …}: the text after the command, from {@code userId}. */
  public String command(String userId, String text) {
    return command(userId, text, null);
  }

  /**
   * {@code /greenlight …} with the interaction's id ({@code trigger_id}; null: none): the same
   * interaction delivered twice is one decision.
   */
  public String command(String userId, String text, String interaction) {
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
                String gate = gateNamed(id, words);
                return approved(
                    deployments.approve(
                        id,
                        Approval.fromSlack(gate, userId, join(words, gate == null ? 2 : 3)),
                        null,
                        gatewaySigner,
                        updateId(interaction)));
              });
      case "reject" ->
          guarded(
              () -> {
                String gate = gateNamed(id, words);
                String reason = join(words, gate == null ? 2 : 3);
                if (reason == null) {
                  return "A rejection needs a reason: /greenlight reject "
                      + id
                      + " [gate] <reason>";
                }
                return rejected(
                    deployments.reject(
                        id,
                        Rejection.fromSlack(gate, userId, reason),
                        null,
                        gatewaySigner,
                        updateId(interaction)));
              });
      case "status" -> guarded(() -> String.join("\n", StatusText.full(deployments.status(id))));
      default -> USAGE;
    };
  }

  /** The Approve button: one update. */
  public String approve(String userId, String id, String gate, String comment) {
    return approve(userId, new GateAction(id, gate), comment, null);
  }

  /**
   * The Approve button: one update, on the evidence the message showed, with the click's id as the
   * update id, so a click Slack delivers twice counts once.
   */
  public String approve(String userId, GateAction button, String comment, String interaction) {
    return guarded(
        () ->
            approved(
                deployments.approve(
                    button.deploymentId(),
                    Approval.fromSlack(button.gate(), userId, comment),
                    button.seenEvidence(),
                    gatewaySigner,
                    updateId(interaction))));
  }

  /** The reject modal's submission: one update. */
  public String reject(String userId, String id, String gate, String reason) {
    return reject(userId, new GateAction(id, gate), reason, null);
  }

  /**
   * The reject modal's submission: one update, as {@link #approve(String, GateAction, String,
   * String)}.
   */
  public String reject(String userId, GateAction button, String reason, String interaction) {
    return guarded(
        () ->
            rejected(
                deployments.reject(
                    button.deploymentId(),
                    Rejection.fromSlack(button.gate(), userId, reason),
                    button.seenEvidence(),
                    gatewaySigner,
                    updateId(interaction))));
  }

  /** The Temporal update id of a Slack interaction: the same click, the same decision. */
  static String updateId(String interaction) {
    return interaction == null || interaction.isBlank() ? null : "slack-" + interaction;
  }

  private static String approved(GateOutcome outcome) {
    return "Approved gate "
        + outcome.gate()
        + " as "
        + outcome.decidedBy()
        + " ("
        + outcome.approvals()
        + " of "
        + outcome.required()
        + ")"
        + (outcome.state() == GateState.APPROVED
            ? ": the gate is approved."
            : "; still awaiting " + String.join(", ", outcome.awaiting()) + ".");
  }

  private static String rejected(GateOutcome outcome) {
    return "Rejected gate "
        + outcome.gate()
        + " as "
        + outcome.decidedBy()
        + ": the deployment is aborting.";
  }

  /**
   * The word after the id when it names a gate of the deployment, else null (then it begins the
   * comment). Free text is ambiguous, so only a slash command with words after the id asks the
   * deployment for its gates first; buttons and bare commands are one update.
   */
  private String gateNamed(String id, List<String> words) {
    if (words.size() < 3) {
      return null;
    }
    String candidate = words.get(2);
    boolean isGate =
        deployments.status(id).steps().stream()
            .anyMatch(s -> s.gate() != null && s.name().equals(candidate));
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
