package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.GateStatus;
import dev.greenlight.workflows.status.VoidedApproval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One gate's rules and record: who may decide, how many approvals it needs, what was decided. Pure
 * state, no Temporal calls, so the rules are the same in the validator, the handler and replay.
 */
public final class Gate {

  private final String name;
  private final GateSpec spec;
  private final String releaseLead;
  private final Set<String> approvers;
  private final List<Decision> approvals = new ArrayList<>();
  private GateState state = GateState.PENDING;
  private Decision rejection;
  private Instant openedAt;
  private Instant deadline;
  private Evidence evidence;
  private final List<Evidence> earlierEvidence = new ArrayList<>();
  private final List<VoidedApproval> voided = new ArrayList<>();

  Gate(String name, GateSpec spec, String releaseLead) {
    this.name = name;
    this.spec = spec;
    this.releaseLead = releaseLead;
    this.approvers = new LinkedHashSet<>(spec.approvers());
  }

  public String name() {
    return name;
  }

  public GateSpec spec() {
    return spec;
  }

  public GateState state() {
    return state;
  }

  public boolean isOpen() {
    return state == GateState.OPEN;
  }

  void open(Instant now, Evidence current) {
    state = GateState.OPEN;
    openedAt = now;
    deadline = now.plus(spec.timeout());
    evidence = current;
  }

  /** What approvals of this gate are bound to (null: runs recorded before evidence). */
  public Evidence evidence() {
    return evidence;
  }

  /**
   * The evidence changed while the gate was open: the approvals given so far no longer count
   * (recorded as voided, with the reason); returns them.
   */
  List<Decision> evidenceChanged(Evidence now, String reason, Instant at) {
    if (evidence != null) {
      earlierEvidence.add(evidence);
    }
    evidence = now;
    List<Decision> taken = List.copyOf(approvals);
    for (Decision approval : taken) {
      voided.add(new VoidedApproval(approval, reason, at));
    }
    approvals.clear();
    return taken;
  }

  /**
   * Throws when a decision was made on other evidence than this gate's: "the evidence changed since
   * you looked: the backup X was replaced by Y". {@code seen} null: the decision does not say.
   */
  public void checkEvidence(String seen) {
    if (seen == null || evidence == null || seen.equals(evidence.digest())) {
      return;
    }
    for (Evidence earlier : earlierEvidence) {
      if (seen.equals(earlier.digest())) {
        throw refused(
            "the evidence changed since you looked: "
                + evidence.changesSince(earlier)
                + " (now "
                + evidence.shortDigest()
                + "); look again and decide on that");
      }
    }
    throw refused(
        "the evidence you decided on ("
            + Evidence.shorten(seen)
            + ") is not gate "
            + name
            + "'s ("
            + evidence.shortDigest()
            + ")");
  }

  /** Makes more people approvers of this gate (escalation); returns those who were not yet. */
  List<String> addApprovers(List<String> people) {
    List<String> added = new ArrayList<>();
    for (String person : people) {
      if (approvers.add(person)) {
        added.add(person);
      }
    }
    return added;
  }

  void expire() {
    state = GateState.EXPIRED;
  }

  public void close() {
    if (state == GateState.OPEN) {
      state = GateState.CLOSED;
    }
  }

  /** Throws with the reason this person may not approve now; returns quietly if they may. */
  public void checkApproval(String approver) {
    checkOpen();
    checkApprover(approver);
    if (releaseLead.equals(approver)) {
      throw refused("the release lead (" + approver + ") cannot approve their own deployment");
    }
    if (approvals.stream().anyMatch(d -> d.approver().equals(approver))) {
      throw refused(approver + " has already approved gate " + name);
    }
  }

  public void checkRejection(String approver, String reason) {
    checkOpen();
    checkApprover(approver);
    if (reason == null || reason.isBlank()) {
      throw refused("a rejection needs a reason");
    }
  }

  public GateOutcome approve(Decision decision) {
    approvals.add(decision);
    if (approvals.size() >= spec.required()) {
      state = GateState.APPROVED;
    }
    return outcome(decision.approver());
  }

  public GateOutcome reject(Decision decision) {
    rejection = decision;
    state = GateState.REJECTED;
    return outcome(decision.approver());
  }

  /** Where the gate stands after a decision by {@code decidedBy} (null: nobody). */
  public GateOutcome outcome(String decidedBy) {
    return new GateOutcome(
        name, decidedBy, state, approvals.size(), spec.required(), awaiting(), spec.confirm());
  }

  public Decision rejection() {
    return rejection;
  }

  /** Approvers who could still approve while the gate is open (not the release lead). */
  public List<String> awaiting() {
    if (state != GateState.OPEN && state != GateState.PENDING) {
      return List.of();
    }
    List<String> awaited = new ArrayList<>();
    for (String approver : approvers) {
      boolean approved = approvals.stream().anyMatch(d -> d.approver().equals(approver));
      if (!approved && !approver.equals(releaseLead)) {
        awaited.add(approver);
      }
    }
    return awaited;
  }

  public GateStatus status() {
    return new GateStatus(
        state,
        List.copyOf(approvers),
        spec.required(),
        List.copyOf(approvals),
        rejection,
        awaiting(),
        spec.confirm(),
        openedAt,
        deadline,
        evidence,
        List.copyOf(voided));
  }

  private void checkOpen() {
    switch (state) {
      case OPEN -> {}
      case PENDING -> throw refused("gate " + name + " is not open yet");
      default ->
          throw refused(
              "gate " + name + " is already " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private void checkApprover(String approver) {
    if (approver == null || approver.isBlank()) {
      throw refused("a decision needs the approver's name");
    }
    if (!approvers.contains(approver)) {
      throw refused(
          approver
              + " is not an approver of gate "
              + name
              + " (approvers: "
              + String.join(", ", approvers)
              + ")");
    }
  }

  private static IllegalArgumentException refused(String message) {
    return new IllegalArgumentException(message);
  }
}
