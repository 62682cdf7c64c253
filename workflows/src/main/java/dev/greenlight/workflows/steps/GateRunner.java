package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.format.Durations;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.status.Decision;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.StepResult;
import dev.greenlight.workflows.status.StepState;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Opens a gate and waits for its decision: approved goes on; rejected or expired ends the run
 * ABORTED. While it waits, reminds the approvers still awaited and escalates as the plan says.
 * Decisions arrive through the workflow's update handlers, which apply the {@link Gate}'s rules.
 */
public final class GateRunner implements StepRunner<GateSpec> {

  private static final Logger log = Workflow.getLogger(GateRunner.class);

  /** The change id under which an open gate rechecks its evidence (runs before it do not). */
  static final String EVIDENCE_RECHECK = "evidence-recheck";

  /** How often an open gate checks that its database and backup are still what approvers saw. */
  public static final Duration RECHECK_EVERY = Duration.ofMinutes(15);

  @Override
  public StepState activeState() {
    return StepState.WAITING_FOR_APPROVAL;
  }

  @Override
  public void begin(StepRun step, RunContext context) {
    step.gate().open(context.now(), context.evidence());
    step.begin(StepState.WAITING_FOR_APPROVAL, context.now());
    context.awaitingApproval(true);
    context.publish();
  }

  @Override
  public StepResult run(StepRun step, GateSpec spec, RunContext context) {
    Gate gate = step.gate();
    log.info("gate {} open, awaiting {}", gate.name(), gate.awaiting());
    boolean recheck =
        context.hasExternalEvidence()
            && Workflow.getVersion(EVIDENCE_RECHECK, Workflow.DEFAULT_VERSION, 1) >= 1;
    boolean decided =
        spec.remind() == null && spec.escalateAfter() == null && !recheck
            ? Workflow.await(spec.timeout(), () -> !gate.isOpen())
            : awaitWithReminders(gate, context, recheck);
    context.awaitingApproval(false);
    Workflow.getMetricsScope()
        .tagged(Map.of("outcome", decided ? gate.state().name() : "EXPIRED"))
        .timer("greenlight_gate_wait")
        .record(
            com.uber.m3.util.Duration.ofMillis(
                Workflow.currentTimeMillis() - step.startedAt().toEpochMilli()));
    if (!decided) {
      gate.expire();
      throw StepFailures.gateStopped(
          step,
          "expired after "
              + Durations.format(spec.timeout())
              + " with "
              + gate.outcome(null).approvals()
              + " of "
              + spec.required()
              + " approvals",
          StepFailures.GATE_EXPIRED,
          context);
    }
    if (gate.state() == GateState.REJECTED) {
      Decision rejection = gate.rejection();
      throw StepFailures.gateStopped(
          step,
          "rejected by " + rejection.approver() + ": " + rejection.comment(),
          StepFailures.GATE_REJECTED,
          context);
    }
    return null;
  }

  /**
   * Waits for the gate's decision like {@code Workflow.await(timeout, decided)}, waking to remind
   * the approvers still awaited every {@code remind}, and once after {@code escalateAfter} to add
   * the {@code escalateTo} people. Returns false when the gate expired.
   */
  private static boolean awaitWithReminders(Gate gate, RunContext context, boolean recheck) {
    GateSpec spec = gate.spec();
    long opened = Workflow.currentTimeMillis();
    long deadline = opened + spec.timeout().toMillis();
    long nextReminder = spec.remind() == null ? Long.MAX_VALUE : opened + spec.remind().toMillis();
    long escalation =
        spec.escalateAfter() == null ? Long.MAX_VALUE : opened + spec.escalateAfter().toMillis();
    long nextRecheck = recheck ? opened + RECHECK_EVERY.toMillis() : Long.MAX_VALUE;
    while (true) {
      long now = Workflow.currentTimeMillis();
      long wake = Math.min(Math.min(deadline, nextRecheck), Math.min(nextReminder, escalation));
      if (Workflow.await(Duration.ofMillis(Math.max(0, wake - now)), () -> !gate.isOpen())) {
        return true;
      }
      now = Workflow.currentTimeMillis();
      if (now >= deadline) {
        return false;
      }
      if (now >= escalation) {
        escalation = Long.MAX_VALUE;
        List<String> added = gate.addApprovers(spec.escalateTo());
        context.publish();
        context.announce(
            "Gate "
                + gate.name()
                + " has waited "
                + Durations.format(spec.escalateAfter())
                + ": "
                + context.mentions(added)
                + (added.size() == 1 ? " is" : " are")
                + " now "
                + (added.size() == 1 ? "an approver" : "approvers")
                + " of it.");
      }
      if (now >= nextRecheck) {
        nextRecheck = now + RECHECK_EVERY.toMillis();
        recheck(gate, context);
        if (!gate.isOpen()) {
          return true;
        }
      }
      if (now >= nextReminder) {
        nextReminder += spec.remind().toMillis();
        context.announce(
            "Reminder: gate "
                + gate.name()
                + " is waiting for "
                + context.mentions(gate.awaiting())
                + ".");
      }
    }
  }

  /**
   * Checks the gate's evidence again; if it changed, the approvals given so far are voided with the
   * reason, the war room is told, and the approvers are asked again.
   */
  private static void recheck(Gate gate, RunContext context) {
    String problem = context.recheckEvidence("evidence of gate " + gate.name());
    Evidence now = context.evidence();
    Evidence before = gate.evidence();
    if (before == null || now.digest().equals(before.digest()) || !gate.isOpen()) {
      return;
    }
    String reason =
        "the evidence changed while the gate was open: "
            + now.changesSince(before)
            + (problem == null ? "" : " (" + problem + ")");
    List<Decision> voided = gate.evidenceChanged(now, reason, context.now());
    log.warn("gate {}: {}", gate.name(), reason);
    context.publish();
    context.announce(
        "Gate "
            + gate.name()
            + ": "
            + reason
            + "."
            + (voided.isEmpty()
                ? ""
                : " "
                    + voided.size()
                    + (voided.size() == 1 ? " approval was" : " approvals were")
                    + " voided.")
            + " "
            + context.mentions(gate.awaiting())
            + ": please look again (evidence "
            + now.shortDigest()
            + ").");
  }
}
