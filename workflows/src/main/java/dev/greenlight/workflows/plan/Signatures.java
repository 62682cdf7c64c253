package dev.greenlight.workflows.plan;

/**
 * A plan's rule for signed decisions. {@code required}: every decision (start, approve, reject,
 * abort) must carry a valid signature of its maker's key from the plan. {@code slackGateway}: the
 * public key of the Greenlight Slack gateway; when set, a decision that says it came from Slack
 * counts only with the gateway's signature (null: Slack decisions are unsigned, and refused when
 * signatures are required).
 */
public record Signatures(boolean required, String slackGateway) {}
