package dev.greenlight.workflows.status;

import java.time.Instant;
import java.util.List;

/**
 * A gate's state and record. {@code awaiting} names the approvers who could still approve while it
 * is open; {@code confirm} lists what each approval vouches for. {@code evidence} is what the
 * approvals are bound to (null in runs recorded before evidence); {@code voided} the approvals the
 * evidence changing under them took back.
 */
public record GateStatus(
    GateState state,
    List<String> approvers,
    int required,
    List<Decision> approvals,
    Decision rejection,
    List<String> awaiting,
    List<String> confirm,
    Instant openedAt,
    Instant deadline,
    Evidence evidence,
    List<VoidedApproval> voided) {}
