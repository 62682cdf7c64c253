package dev.greenlight.workflows.slack;

/**
 * The Slack button protocol, in one place: the Approve and Reject buttons of a deployment's living
 * message carry {@code <deployment id>|<gate>} as their value, and the reject modal carries that
 * plus {@code |<channel>} as its private metadata. Deployment ids and gate names never contain
 * {@code |} (the plan reader and {@code start --id} refuse it).
 */
public record GateAction(String deploymentId, String gate, String channel) {

  /** The Approve button's action id. */
  public static final String APPROVE = "greenlight_approve";

  /** The Reject button's action id; it opens the reject modal. */
  public static final String REJECT = "greenlight_reject";

  /** The reject modal's callback id. */
  public static final String REJECT_MODAL = "greenlight_reject_modal";

  private static final String SEPARATOR = "|";

  /** The buttons of gate {@code gate} of deployment {@code deploymentId}. */
  public GateAction(String deploymentId, String gate) {
    this(deploymentId, gate, "");
  }

  /** A button's value. */
  public String value() {
    return deploymentId + SEPARATOR + gate;
  }

  /** The reject modal's private metadata: the button's value and the channel to answer in. */
  public String metadata() {
    return value() + SEPARATOR + (channel == null ? "" : channel);
  }

  /** The same action, answered in {@code channelId}. */
  public GateAction in(String channelId) {
    return new GateAction(deploymentId, gate, channelId);
  }

  /** Reads a button's value or a modal's metadata; refuses anything else. */
  public static GateAction parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("\\|", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("not a Greenlight gate action: " + text);
    }
    return new GateAction(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }
}
