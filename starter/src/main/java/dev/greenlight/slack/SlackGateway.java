package dev.greenlight.slack;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.element.BlockElement;
import dev.greenlight.workflows.slack.GateAction;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack surface as a Bolt app: {@code /greenlight}, the Approve and Reject buttons of the
 * war-room message, and the reject modal. Every request is acknowledged at once; the deployment is
 * asked on {@code executor} and the person gets an ephemeral answer. Only the configured workspace
 * is served, and only the request types handled here: Bolt's single-team mode does not check the
 * workspace.
 */
public final class SlackGateway {

  private static final Logger log = LoggerFactory.getLogger(SlackGateway.class);

  /** The workspace, its credentials, and the Slack client (pointed at SLACK_API_URL if set). */
  public record Settings(String teamId, String botToken, String signingSecret, Slack slack) {}

  private SlackGateway() {}

  public static App app(Settings settings, SlackCommands commands, ExecutorService executor) {
    App app =
        new App(
            AppConfig.builder()
                .singleTeamBotToken(settings.botToken())
                .signingSecret(settings.signingSecret())
                .slack(settings.slack())
                .build());

    app.use(
        (request, response, chain) -> {
          String team = payloadTeam(request);
          if (team == null || !team.equals(settings.teamId())) {
            log.warn("refused a request from workspace {}", team);
            return Response.builder()
                .statusCode(403)
                .contentType("text/plain")
                .body("this app serves one workspace")
                .build();
          }
          return chain.next(request);
        });

    app.command(
        "/greenlight",
        (request, context) -> {
          String user = request.getPayload().getUserId();
          String text = request.getPayload().getText();
          String interaction = request.getPayload().getTriggerId();
          executor.submit(
              () ->
                  reply(
                      () ->
                          context.respond(
                              r ->
                                  r.responseType("ephemeral")
                                      .text(commands.command(user, text, interaction)))));
          return context.ack();
        });

    app.blockAction(
        GateAction.APPROVE,
        (request, context) -> {
          String user = request.getPayload().getUser().getId();
          GateAction target = GateAction.parse(request.getPayload().getActions().get(0).getValue());
          // Slack redelivers a click it thinks unanswered with the same trigger id: one decision.
          String interaction = request.getPayload().getTriggerId();
          executor.submit(
              () ->
                  reply(
                      () ->
                          context.respond(
                              r ->
                                  r.responseType("ephemeral")
                                      .replaceOriginal(false)
                                      .text(
                                          commands.approve(
                                              user, target, "approved in Slack", interaction)))));
          return context.ack();
        });

    app.blockAction(
        GateAction.REJECT,
        (request, context) -> {
          GateAction target = GateAction.parse(request.getPayload().getActions().get(0).getValue());
          String channel =
              request.getPayload().getChannel() == null
                  ? ""
                  : request.getPayload().getChannel().getId();
          context
              .client()
              .viewsOpen(
                  r ->
                      r.triggerId(request.getPayload().getTriggerId())
                          .view(rejectModal(target.in(channel).metadata())));
          return context.ack();
        });

    app.viewSubmission(
        GateAction.REJECT_MODAL,
        (request, context) -> {
          String user = request.getPayload().getUser().getId();
          GateAction target = GateAction.parse(request.getPayload().getView().getPrivateMetadata());
          String interaction =
              request.getPayload().getTriggerId() != null
                  ? request.getPayload().getTriggerId()
                  : request.getPayload().getView().getId();
          String reason =
              request
                  .getPayload()
                  .getView()
                  .getState()
                  .getValues()
                  .get("reason")
                  .get("reason")
                  .getValue();
          executor.submit(
              () ->
                  reply(
                      () -> {
                        String answer = commands.reject(user, target, reason, interaction);
                        if (!target.channel().isEmpty()) {
                          context
                              .client()
                              .chatPostEphemeral(
                                  r -> r.channel(target.channel()).user(user).text(answer));
                        }
                      }));
          return context.ack();
        });
    return app;
  }

  /**
   * The workspace a request comes from, read from its payload. Not from the context: in single-team
   * mode Bolt sets the context's team to the bot's own, whoever sent the request.
   */
  static String payloadTeam(com.slack.api.bolt.request.Request<?> request) {
    if (request instanceof SlashCommandRequest command) {
      return command.getPayload().getTeamId();
    }
    if (request instanceof BlockActionRequest action) {
      return action.getPayload().getTeam() == null ? null : action.getPayload().getTeam().getId();
    }
    if (request instanceof ViewSubmissionRequest submission) {
      return submission.getPayload().getTeam() == null
          ? null
          : submission.getPayload().getTeam().getId();
    }
    return null;
  }

  private static com.slack.api.model.view.View rejectModal(String metadata) {
    BlockElement reason = plainTextInput(p -> p.actionId("reason").multiline(true));
    return view(
        v ->
            v.type("modal")
                .callbackId(GateAction.REJECT_MODAL)
                .privateMetadata(metadata)
                .title(viewTitle(t -> t.type("plain_text").text("Reject the gate")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Reject")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    asBlocks(
                        input(
                            i ->
                                i.blockId("reason")
                                    .label(plainText("Why? The war room will see it."))
                                    .element(reason)))));
  }

  private interface Reply {
    void send() throws Exception;
  }

  private static void reply(Reply reply) {
    try {
      reply.send();
    } catch (Exception e) {
      log.warn("could not answer in Slack: {}", e.toString());
    }
  }
}
