package dev.greenlight.workflows.status;

import java.util.List;

/**
 * What a decision did: who decided (the plan's name for them, also when they decided from Slack),
 * the gate's state after it, approvals so far, who is still awaited, and what an approval of this
 * gate confirms.
 */
public record GateOutcome(
    String gate,
    String decidedBy,
    GateState state,
    int approvals,
    int required,
    List<String> awaiting,
    List<String> confirm) {}
