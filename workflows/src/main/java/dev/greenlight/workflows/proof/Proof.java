package dev.greenlight.workflows.proof;

/**
 * A decision's signature: the canonical {@link Statement} its maker signed and the armored SSHSIG
 * signature over it ({@code ssh-keygen -Y sign -n greenlight}). Never a secret: public material
 * that anyone can check against the plan's public keys.
 */
public record Proof(String statement, String signature) {}
