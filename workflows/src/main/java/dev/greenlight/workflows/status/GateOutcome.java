package dev.greenlight.workflows.status;

import java.util.List;

/** What a decision did: the gate's state after it, approvals so far, and who is still awaited. */
public record GateOutcome(
    String gate, GateState state, int approvals, int required, List<String> awaiting) {}
