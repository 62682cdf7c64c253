package dev.greenlight.cli;

import dev.greenlight.client.Signer;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.DeploymentStatus;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --key FILE}: the private key a decision is signed with; without it, the SSH agent at
 * {@code SSH_AUTH_SOCK} signs with the key the plan names for the person, if any.
 */
class Signing {

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Your private SSH key (ssh-ed25519) to sign with; default: the key the plan names, from"
              + " ssh-agent (SSH_AUTH_SOCK). Plans with 'signatures: required' need one or the other.")
  Path key;

  /** The signer for {@code person}'s decision on a running deployment, or null (unsigned). */
  Signer signer(DeploymentStatus status, String person) {
    Approver approver = status.approvers() == null ? null : status.approvers().get(person);
    boolean required = status.signatures() != null && status.signatures().required();
    return Signer.choose(
        key,
        approver == null ? null : approver.key(),
        required,
        person,
        System.getenv("SSH_AUTH_SOCK"));
  }

  /** The signer for {@code person}'s start of {@code plan}, or null (unsigned). */
  Signer signer(Plan plan, String person) {
    return Signer.choose(
        key, plan.keyOf(person), plan.signaturesRequired(), person, System.getenv("SSH_AUTH_SOCK"));
  }
}
