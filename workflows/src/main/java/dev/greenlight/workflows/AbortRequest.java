package dev.greenlight.workflows;

import dev.greenlight.workflows.proof.Proof;

/** Who asks to stop a deployment, through which surface, and why; signed or not ({@code proof}). */
public record AbortRequest(String by, String via, String reason, Proof proof) {

  public AbortRequest(String by, String via, String reason) {
    this(by, via, reason, null);
  }
}
