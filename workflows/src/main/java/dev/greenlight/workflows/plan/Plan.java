package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A deployment plan as the release lead wrote it: what to deploy where, who may approve, and the
 * ordered checklist, and the gated way back should the change fail ({@code rollback}, null: none).
 * Holds no secret: the database password is named by {@link DatabaseTarget#passwordEnv()}, read by
 * the worker from its own environment.
 */
public record Plan(
    String release,
    String environment,
    DatabaseTarget database,
    Map<String, Approver> approvers,
    List<Step> steps,
    WarRoomChannel warRoom,
    Signatures signatures,
    Promotion requires,
    @JsonInclude(JsonInclude.Include.NON_NULL) RollbackGate rollback) {

  /** A plan without a rollback gate. */
  public Plan(
      String release,
      String environment,
      DatabaseTarget database,
      Map<String, Approver> approvers,
      List<Step> steps,
      WarRoomChannel warRoom,
      Signatures signatures,
      Promotion requires) {
    this(release, environment, database, approvers, steps, warRoom, signatures, requires, null);
  }

  public Plan {
    approvers = Map.copyOf(approvers);
    steps = List.copyOf(steps);
  }

  /** A plan without signature rules or promotion requirement. */
  public Plan(
      String release,
      String environment,
      DatabaseTarget database,
      Map<String, Approver> approvers,
      List<Step> steps,
      WarRoomChannel warRoom) {
    this(release, environment, database, approvers, steps, warRoom, null, null, null);
  }

  /** A plan whose war room is the worker's log. */
  public Plan(
      String release,
      String environment,
      DatabaseTarget database,
      Map<String, Approver> approvers,
      List<Step> steps) {
    this(release, environment, database, approvers, steps, null, null, null, null);
  }

  /**
   * The approver whose Slack user id is {@code slackUserId}, or null. Deterministic (the first by
   * name should a plan give two people one id), as workflow code must be.
   */
  public String approverWithSlackId(String slackUserId) {
    if (slackUserId == null) {
      return null;
    }
    return approvers.entrySet().stream()
        .filter(entry -> slackUserId.equals(entry.getValue().slack()))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElse(null);
  }

  /** Whether every decision must be signed by its maker's key. */
  public boolean signaturesRequired() {
    return signatures != null && signatures.required();
  }

  /** The Slack gateway's public key, or null. */
  public String slackGatewayKey() {
    return signatures == null ? null : signatures.slackGateway();
  }

  /** The public key of {@code person}, or null. */
  public String keyOf(String person) {
    Approver approver = person == null ? null : approvers.get(person);
    return approver == null ? null : approver.key();
  }

  /** The Slack channel of the war room, or null. */
  public String slackChannel() {
    return warRoom == null ? null : warRoom.slackChannel();
  }
}
