package dev.greenlight.cli;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.Signer;
import dev.greenlight.slack.SlackCommands;
import dev.greenlight.slack.SlackGateway;
import dev.greenlight.slack.SlackHttpServer;
import dev.greenlight.worker.SlackClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "slack",
    description = {
      "Serve Slack: /greenlight, the war-room message's Approve and Reject buttons, and the reject modal.",
      "Socket Mode when SLACK_APP_TOKEN is set (no public URL needed); otherwise HTTP on --port at /slack/events.",
      "Needs SLACK_TEAM_ID and SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET for HTTP; SLACK_API_URL overrides the Web API base.",
      "GREENLIGHT_SLACK_GATEWAY_KEY names the gateway's private ed25519 key file: decisions are forwarded signed with it",
      "(plans name its public half in signatures.slackGateway)."
    })
class SlackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "HTTP mode: address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      converter = Port.class,
      defaultValue = "3000",
      description = "HTTP mode: port (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    Map<String, String> environment = System.getenv();
    String team = required(environment, "SLACK_TEAM_ID", "the one workspace this gateway serves");
    String botToken = required(environment, "SLACK_BOT_TOKEN", "the bot token (xoxb-…)");
    String appToken = environment.get("SLACK_APP_TOKEN");
    boolean socketMode = appToken != null && !appToken.isBlank();
    String secret =
        socketMode
            ? environment.getOrDefault("SLACK_SIGNING_SECRET", "")
            : required(environment, "SLACK_SIGNING_SECRET", "the app's signing secret");
    PrintWriter out = spec.commandLine().getOut();
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try (TemporalOptions.Connection connection = temporal.connect()) {
      App app =
          SlackGateway.app(
              new SlackGateway.Settings(
                  team, botToken, secret, SlackClients.fromEnvironment(environment::get)),
              new SlackCommands(connection.deployments(), gatewaySigner(environment)),
              executor);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "greenlight-slack-stop"));
      if (socketMode) {
        SocketModeApp socket =
            new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket);
        socket.startAsync();
        out.println(
            "Slack gateway for workspace "
                + team
                + " in Socket Mode; "
                + connection.config().describe());
        out.flush();
        stopped.await();
        socket.close();
      } else {
        try (SlackHttpServer server = SlackHttpServer.start(app, host, port)) {
          out.println(
              "Slack gateway for workspace "
                  + team
                  + " on http://"
                  + host
                  + ":"
                  + server.port()
                  + SlackHttpServer.PATH
                  + "; "
                  + connection.config().describe());
          out.flush();
          stopped.await();
        }
      }
    } finally {
      executor.shutdown();
    }
    return 0;
  }

  /** The gateway's own signer, from the key file GREENLIGHT_SLACK_GATEWAY_KEY names; or null. */
  static Signer gatewaySigner(Map<String, String> environment) {
    String file = environment.get("GREENLIGHT_SLACK_GATEWAY_KEY");
    return file == null || file.isBlank() ? null : Signer.withKeyFile(Path.of(file));
  }

  private static String required(Map<String, String> environment, String name, String what) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      throw new GreenlightException(ExitCode.USAGE, name + " is not set: " + what);
    }
    return value;
  }
}
