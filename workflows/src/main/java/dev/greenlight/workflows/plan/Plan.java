package dev.greenlight.workflows.plan;

import java.util.List;
import java.util.Map;

/**
 * A deployment plan as the release lead wrote it: what to deploy where, who may approve, and the
 * ordered checklist. Holds no secret: the database password is named by {@link
 * DatabaseTarget#passwordEnv()}, read by the worker from its own environment.
 */
public record Plan(
    String release,
    String environment,
    DatabaseTarget database,
    Map<String, Approver> approvers,
    List<Step> steps,
    WarRoomChannel warRoom) {

  public Plan {
    approvers = Map.copyOf(approvers);
    steps = List.copyOf(steps);
  }

  /** A plan whose war room is the worker's log. */
  public Plan(
      String release,
      String environment,
      DatabaseTarget database,
      Map<String, Approver> approvers,
      List<Step> steps) {
    this(release, environment, database, approvers, steps, null);
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

  /** The Slack channel of the war room, or null. */
  public String slackChannel() {
    return warRoom == null ? null : warRoom.slackChannel();
  }
}
