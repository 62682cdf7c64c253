package dev.greenlight.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.greenlight.activities.slack.FakeSlack;
import dev.greenlight.activities.slack.SlackWarRoom;
import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.status.DeploymentState;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode: the gateway asks {@code apps.connections.open} (a fake Web API) for its socket,
 * connects to it (a local WebSocket server standing in for Slack's), acknowledges one slash command
 * envelope and carries it out on a real deployment. No public URL involved.
 */
class SocketModeTest {

  @Test
  void aSlashCommandEnvelopeIsAcknowledgedAndCarriedOut() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    try (DevServer server = DevServer.start("127.0.0.1", 0);
        FakeSlack slack = FakeSlack.start()) {
      TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      WorkflowClient client = TemporalClients.client(service, config);
      ExecutorService executor = Executors.newSingleThreadExecutor();
      try (GreenlightWorker worker = GreenlightWorker.start(client, false, System::getenv)) {
        Deployments deployments = new Deployments(client);
        var plan =
            new PlanReader()
                .parse(
                    "socket.yaml",
                    """
            release: socket
            environment: test
            database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
            approvers: { santiago: { slack: U01 }, dana: { slack: U03 } }
            steps:
              - gate: signoff
                approvers: [santiago, dana]
                required: 2
            """);
        String id = deployments.start(plan, "socket.yaml", "brian", null);
        AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
        String envelope =
            """
            {"envelope_id":"envelope-1","type":"slash_commands","accepts_response_payload":true,
             "payload":{"token":"legacy","team_id":"T0GREEN","team_domain":"green","channel_id":"C0WARROOM",
              "user_id":"U01","user_name":"santiago","command":"/greenlight","text":"approve %s",
              "response_url":"%s","trigger_id":"t1","api_app_id":"A1"}}
            """
                .formatted(id, slack.responseUrl("socket"));
        WebSocketServer socket = slackSocket(received);
        socket.start();
        try {
          while (socket.getPort() == 0) {
            Thread.sleep(10);
          }
          slack.socketUrl("ws://127.0.0.1:" + socket.getPort() + "/link");
          Map<String, String> environment = Map.of("SLACK_API_URL", slack.apiUrl());
          var app =
              SlackGateway.app(
                  new SlackGateway.Settings(
                      "T0GREEN", "xoxb-test", "", SlackWarRoom.slack(environment::get)),
                  new SlackCommands(deployments),
                  executor);
          SocketModeApp socketMode =
              new SocketModeApp("xapp-test", app, SocketModeClient.Backend.JavaWebSocket);
          socketMode.startAsync();
          try {
            // Like Slack, redeliver the envelope until it is acknowledged: the client may still be
            // attaching its handlers to a fresh connection when the first delivery arrives.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!acknowledged(received) && System.nanoTime() < deadline) {
              socket.getConnections().forEach(connection -> connection.send(envelope));
              Thread.sleep(500);
            }
            while (slack.responses().isEmpty() && System.nanoTime() < deadline) {
              Thread.sleep(50);
            }
            assertThat(acknowledged(received)).as("the envelope was acknowledged").isTrue();
            assertThat(slack.responses()).isNotEmpty();
            assertThat(slack.responses().get(0))
                .contains("Approved gate signoff as santiago (1 of 2)");
            // A redelivered envelope is refused by the deployment, never counted twice.
            assertThat(deployments.status(id).steps().get(0).gate().approvals())
                .extracting(d -> d.via())
                .containsExactly("slack");
          } finally {
            socketMode.close();
          }
        } finally {
          socket.stop(1000);
        }
      } finally {
        executor.shutdownNow();
        service.shutdown();
      }
    }
  }

  private static boolean acknowledged(List<String> received) {
    return received.stream()
        .anyMatch(message -> message.contains("\"envelope_id\":\"envelope-1\""));
  }

  /** Slack's side of the socket: says hello on each connection, keeps what the app sends back. */
  private static WebSocketServer slackSocket(List<String> received) {
    WebSocketServer server =
        new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
          @Override
          public void onOpen(WebSocket connection, ClientHandshake handshake) {
            connection.send(
                "{\"type\":\"hello\",\"num_connections\":1,\"connection_info\":{\"app_id\":\"A1\"},"
                    + "\"debug_info\":{\"host\":\"fake\",\"approximate_connection_time\":3600}}");
          }

          @Override
          public void onClose(WebSocket connection, int code, String reason, boolean remote) {}

          @Override
          public void onMessage(WebSocket connection, String message) {
            received.add(message);
          }

          @Override
          public void onError(WebSocket connection, Exception error) {}

          @Override
          public void onStart() {}
        };
    server.setReuseAddr(true);
    return server;
  }
}
