package dev.greenlight.cli;

import dev.greenlight.client.Signer;
import dev.greenlight.workflows.plan.Plan;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --key FILE}: the private key a decision is signed with; without it, the SSH agent at
 * {@code SSH_AUTH_SOCK} signs with the key the plan names for the person, if any. Without either,
 * the decision goes unsigned, and a plan that requires signatures has the worker refuse it.
 */
class Signing {

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Your private SSH key (ssh-ed25519) to sign with; default: the key the plan names, from"
              + " ssh-agent (SSH_AUTH_SOCK). Plans with 'signatures: required' need one or the other.")
  Path key;

  /**
   * The signer for {@code person}'s decision on a running deployment, or null (unsigned). The
   * deployment's plan is read (from its history: no worker needed) only to find the person's key
   * for the agent.
   */
  Signer signer(Supplier<Plan> plan, String person) {
    if (key != null) {
      return Signer.withKeyFile(key);
    }
    String agent = System.getenv("SSH_AUTH_SOCK");
    if (agent == null || agent.isBlank()) {
      return null;
    }
    return signer(plan.get(), person);
  }

  /** The signer for {@code person}'s start of {@code plan}, or null (unsigned). */
  Signer signer(Plan plan, String person) {
    return Signer.choose(
        key, plan.keyOf(person), plan.signaturesRequired(), person, System.getenv("SSH_AUTH_SOCK"));
  }
}
