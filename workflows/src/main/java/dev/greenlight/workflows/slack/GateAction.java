package dev.greenlight.workflows.slack;

/**
 * The Slack button protocol, in one place: the Approve and Reject buttons of a deployment's living
 * message carry {@code <deployment id>|<gate>||<evidence digest>} as their value (the digest the
 * message showed, so a click on an old message is refused when the evidence changed), and the
 * reject modal carries {@code <id>|<gate>|<channel>|<evidence>} as its private metadata. Buttons
 * and modals from before evidence ({@code <id>|<gate>}, {@code <id>|<gate>|<channel>}) still read.
 * Deployment ids and gate names never contain {@code |} (the plan reader and {@code start --id}
 * refuse it).
 */
public record GateAction(String deploymentId, String gate, String channel, String evidence) {

  /** The Approve button's action id. */
  public static final String APPROVE = "greenlight_approve";

  /** The Reject button's action id; it opens the reject modal. */
  public static final String REJECT = "greenlight_reject";

  /** The reject modal's callback id. */
  public static final String REJECT_MODAL = "greenlight_reject_modal";

  private static final String SEPARATOR = "|";

  /** The buttons of gate {@code gate} of deployment {@code deploymentId}. */
  public GateAction(String deploymentId, String gate) {
    this(deploymentId, gate, "", "");
  }

  /** The buttons of a gate showing {@code evidence} (null: none). */
  public GateAction(String deploymentId, String gate, String evidence) {
    this(deploymentId, gate, "", evidence == null ? "" : evidence);
  }

  /** A button's value. */
  public String value() {
    return deploymentId
        + SEPARATOR
        + gate
        + (evidence == null || evidence.isEmpty() ? "" : SEPARATOR + SEPARATOR + evidence);
  }

  /** The reject modal's private metadata: the button's value and the channel to answer in. */
  public String metadata() {
    return deploymentId
        + SEPARATOR
        + gate
        + SEPARATOR
        + (channel == null ? "" : channel)
        + SEPARATOR
        + (evidence == null ? "" : evidence);
  }

  /** The same action, answered in {@code channelId}. */
  public GateAction in(String channelId) {
    return new GateAction(deploymentId, gate, channelId, evidence);
  }

  /** The evidence digest the person was shown, or null. */
  public String seenEvidence() {
    return evidence == null || evidence.isEmpty() ? null : evidence;
  }

  /** Reads a button's value or a modal's metadata; refuses anything else. */
  public static GateAction parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("\\|", -1);
    if (parts.length < 2 || parts.length > 4 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("not a Greenlight gate action: " + text);
    }
    return new GateAction(
        parts[0], parts[1], parts.length >= 3 ? parts[2] : "", parts.length == 4 ? parts[3] : "");
  }
}
