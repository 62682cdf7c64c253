package dev.greenlight.activities.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.block.LayoutBlock;
import dev.greenlight.workflows.activities.PostedMessage;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The war room in Slack: posts and updates messages with the bot token, and sorts failures into
 * those worth retrying (rate limits, honouring {@code Retry-After}; Slack unavailable) and those
 * that are not (a wrong channel, a revoked token).
 */
public final class SlackWarRoom {

  public static final String RATE_LIMITED = "SlackRateLimited";
  public static final String UNAVAILABLE = "SlackUnavailable";
  public static final String REFUSED = "SlackRefused";

  private static final Set<String> CANNOT_HEAL =
      Set.of(
          "channel_not_found",
          "not_in_channel",
          "is_archived",
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "missing_scope",
          "invalid_blocks",
          "msg_too_long");

  private final MethodsClient methods;

  public SlackWarRoom(Slack slack, String botToken) {
    this.methods = slack.methods(botToken);
  }

  /**
   * From {@code SLACK_BOT_TOKEN} (none: null, and war-room messages go to the log) and {@code
   * SLACK_API_URL} (another Web API base, such as GovSlack's or a test double's).
   */
  public static SlackWarRoom fromEnvironment(UnaryOperator<String> environment) {
    String token = environment.apply("SLACK_BOT_TOKEN");
    if (token == null || token.isBlank()) {
      return null;
    }
    return new SlackWarRoom(slack(environment), token);
  }

  /** A Slack client pointed at {@code SLACK_API_URL} when set, without usage statistics. */
  public static Slack slack(UnaryOperator<String> environment) {
    SlackConfig config = new SlackConfig();
    config.setStatsEnabled(false);
    String url = environment.apply("SLACK_API_URL");
    if (url != null && !url.isBlank()) {
      config.setMethodsEndpointUrlPrefix(url.endsWith("/") ? url : url + "/");
    }
    return Slack.getInstance(config);
  }

  public PostedMessage post(
      String channel, String threadTs, String text, List<LayoutBlock> blocks) {
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () ->
                methods.chatPostMessage(
                    r -> r.channel(channel).threadTs(threadTs).text(text).blocks(blocks)));
    return new PostedMessage(response.getChannel(), response.getTs());
  }

  public PostedMessage update(String channel, String ts, String text, List<LayoutBlock> blocks) {
    ChatUpdateResponse response =
        call(
            "chat.update",
            () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
    return new PostedMessage(response.getChannel(), response.getTs());
  }

  private interface Call<T> {
    T run() throws IOException, SlackApiException;
  }

  private static <T extends com.slack.api.methods.SlackApiTextResponse> T call(
      String method, Call<T> call) {
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      int code = e.getResponse().code();
      if (code == 429) {
        String retryAfter = e.getResponse().header("Retry-After");
        long seconds = retryAfter == null ? 1 : Long.parseLong(retryAfter.trim());
        throw ApplicationFailure.newBuilder()
            .setMessage("Slack rate-limited " + method + "; retrying after " + seconds + " s")
            .setType(RATE_LIMITED)
            .setNextRetryDelay(Duration.ofSeconds(seconds))
            .build();
      }
      if (code >= 500) {
        throw ApplicationFailure.newFailure(
            "Slack answered " + method + " with HTTP " + code, UNAVAILABLE);
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "Slack refused " + method + " with HTTP " + code, REFUSED);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot reach Slack for " + method + ": " + e.getMessage(), UNAVAILABLE);
    }
    if (!response.isOk()) {
      String error = response.getError();
      if (CANNOT_HEAL.contains(error)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Slack refused " + method + ": " + error, REFUSED);
      }
      throw ApplicationFailure.newFailure("Slack answered " + method + ": " + error, UNAVAILABLE);
    }
    return response;
  }
}
