package dev.greenlight.worker;

import com.slack.api.Slack;
import dev.greenlight.activities.slack.SlackWarRoom;
import java.util.function.UnaryOperator;

/**
 * The Slack client the gateway answers with, configured as the worker's war room is ({@code
 * SLACK_API_URL}, no usage statistics), so both talk to the same Slack.
 */
public final class SlackClients {

  private SlackClients() {}

  public static Slack fromEnvironment(UnaryOperator<String> environment) {
    return SlackWarRoom.slack(environment);
  }
}
