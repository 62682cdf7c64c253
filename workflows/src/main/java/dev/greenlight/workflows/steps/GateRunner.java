package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.format.Durations;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.status.Decision;
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

  @Override
  public StepState activeState() {
    return StepState.WAITING_FOR_APPROVAL;
  }

  @Override
  public void begin(StepRun step, RunContext context) {
    step.gate().open(context.now());
    step.begin(StepState.WAITING_FOR_APPROVAL, context.now());
    context.awaitingApproval(true);
    context.publish();
  }

  @Override
  public StepResult run(StepRun step, GateSpec spec, RunContext context) {
    Gate gate = step.gate();
    log.info("gate {} open, awaiting {}", gate.name(), gate.awaiting());
    boolean decided =
        spec.remind() == null && spec.escalateAfter() == null
            ? Workflow.await(spec.timeout(), () -> !gate.isOpen())
            : awaitWithReminders(gate, context);
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
  private static boolean awaitWithReminders(Gate gate, RunContext context) {
    GateSpec spec = gate.spec();
    long opened = Workflow.currentTimeMillis();
    long deadline = opened + spec.timeout().toMillis();
    long nextReminder = spec.remind() == null ? Long.MAX_VALUE : opened + spec.remind().toMillis();
    long escalation =
        spec.escalateAfter() == null ? Long.MAX_VALUE : opened + spec.escalateAfter().toMillis();
    while (true) {
      long now = Workflow.currentTimeMillis();
      long wake = Math.min(deadline, Math.min(nextReminder, escalation));
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
}
