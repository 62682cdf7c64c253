package dev.greenlight.workflows.proof;

import dev.greenlight.workflows.plan.Plan;
import java.nio.charset.StandardCharsets;

/**
 * Whose signature a decision needs under a plan, and whether it holds. The same rules in the
 * workflow's validators (deterministic: pure Java, JDK Ed25519), the CLI, and the offline report
 * check.
 *
 * <ul>
 *   <li>A decision made as a person (CLI, any Temporal client) is signed with that person's key.
 *   <li>A decision that says it came from Slack is signed by the Slack gateway's key, over a
 *       statement naming the Slack user ({@code by: slack:U01}).
 * </ul>
 *
 * Unsigned decisions count only when the plan does not require signatures (and, for Slack, names no
 * gateway key). A signature that is present is always checked: a bad one is never ignored.
 */
public final class Signers {

  /** How the Slack gateway names the person in what it signs. */
  public static final String SLACK_PREFIX = "slack:";

  private Signers() {}

  /** A checked signature: the statement as signed and the signing key's fingerprint. */
  public record Verified(Statement statement, String fingerprint) {}

  /**
   * Checks {@code proof} for the decision {@code expected} (with the nonce and time still to come
   * from the proof) made by {@code person}, or through Slack by {@code slackUser}. Returns null for
   * an unsigned decision the plan accepts; throws {@link SshKeys.Refused} with the one-line reason
   * otherwise.
   */
  public static Verified check(
      Plan plan,
      Expected expected,
      String person,
      boolean viaSlack,
      String slackUser,
      Proof proof) {
    String keyText;
    String who;
    if (viaSlack) {
      keyText = plan.slackGatewayKey();
      who = SLACK_PREFIX + slackUser;
      if (keyText == null) {
        if (plan.signaturesRequired()) {
          throw new SshKeys.Refused(
              "this plan requires signed decisions and names no Slack gateway key: decide with"
                  + " the CLI (greenlight "
                  + expected.action()
                  + " --key …)");
        }
        // a gateway that signs serving a plan that names no gateway key: counted as unsigned
        return null;
      }
      if (proof == null) {
        throw new SshKeys.Refused(
            "a Slack decision counts only through the Greenlight Slack gateway, and this one"
                + " carries no gateway signature");
      }
    } else {
      keyText = plan.keyOf(person);
      who = person;
      if (proof == null) {
        if (plan.signaturesRequired()) {
          throw new SshKeys.Refused(
              "this plan requires signed decisions: "
                  + person
                  + "'s "
                  + expected.action()
                  + " is unsigned (sign with --key FILE, or with your key in ssh-agent)");
        }
        return null;
      }
      if (keyText == null) {
        throw new SshKeys.Refused(
            person + " has no key in the plan, so their signature cannot be checked");
      }
    }
    Statement claimed = Statement.parse(proof.statement());
    Statement wanted =
        new Statement(
            expected.deployment(),
            expected.run(),
            expected.action(),
            expected.gate(),
            who,
            expected.evidence(),
            Statement.sha256(expected.text()),
            claimed.at(),
            claimed.nonce());
    String difference = wanted.differenceFrom(claimed);
    if (difference != null) {
      throw new SshKeys.Refused("the signature does not cover this decision: " + difference);
    }
    SshKeys.Key key = SshKeys.parsePublicKey(keyText);
    try {
      String fingerprint =
          SshKeys.verify(
              key, wanted.canonical().getBytes(StandardCharsets.UTF_8), proof.signature());
      return new Verified(wanted, fingerprint);
    } catch (SshKeys.Refused e) {
      throw new SshKeys.Refused(
          (viaSlack ? "the Slack gateway's" : who + "'s")
              + " signature does not hold: "
              + e.getMessage());
    }
  }

  /**
   * What the signer must have signed, as the worker knows it: deployment, run, action, gate (null:
   * none), evidence (null: none), the decision's words.
   */
  public record Expected(
      String deployment, String run, String action, String gate, String evidence, String text) {}
}
