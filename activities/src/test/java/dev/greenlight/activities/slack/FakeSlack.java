package dev.greenlight.activities.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Slack on loopback: the Web API under {@code /api/} (recording every call, with
 * answers that can be scripted per method: a 429 with Retry-After, a 503, an {@code ok:false}), and
 * {@code /respond/*} for response_url posts. Point clients at it with {@code SLACK_API_URL}.
 */
public final class FakeSlack implements AutoCloseable {

  /** A recorded call: the method, its form parameters, and the raw body. */
  public record Call(String method, Map<String, String> params, String body) {}

  private record Answer(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<String> responses = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<Answer>> scripted = new HashMap<>();
  private final AtomicLong timestamps = new AtomicLong(1_700_000_000);
  private volatile Integer outage;
  private volatile String socketUrl = "ws://127.0.0.1:1/none";

  private FakeSlack(HttpServer server) {
    this.server = server;
  }

  public static FakeSlack start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeSlack fake = new FakeSlack(server);
    server.createContext("/api/", fake::api);
    server.createContext("/respond/", fake::respond);
    server.start();
    return fake;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  public String responseUrl(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/respond/" + name;
  }

  /** The next call of {@code method} gets this answer instead of the usual one. */
  public synchronized void script(
      String method, int status, String body, Map<String, String> headers) {
    scripted
        .computeIfAbsent(method, m -> new ArrayDeque<>())
        .add(new Answer(status, body, headers));
  }

  /** What {@code apps.connections.open} answers (Socket Mode): the WebSocket to connect to. */
  public void socketUrl(String url) {
    socketUrl = url;
  }

  /** Every API call answers with this HTTP status (null: normal service again). */
  public void outage(Integer status) {
    outage = status;
  }

  public List<Call> calls(String method) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.method().equals(method)).toList();
    }
  }

  /** Bodies posted to response URLs (ephemeral answers to commands and buttons), in order. */
  public List<String> responses() {
    synchronized (responses) {
      return List.copyOf(responses);
    }
  }

  private void api(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestURI().getPath().substring("/api/".length());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> params = form(body);
    calls.add(new Call(method, params, body));
    if (outage != null) {
      send(
          exchange,
          new Answer(outage, "{\"ok\":false,\"error\":\"service_unavailable\"}", Map.of()));
      return;
    }
    Answer answer;
    synchronized (this) {
      Deque<Answer> queue = scripted.get(method);
      answer = queue == null || queue.isEmpty() ? null : queue.poll();
    }
    send(exchange, answer != null ? answer : usual(method, params));
  }

  private Answer usual(String method, Map<String, String> params) {
    String channel = params.getOrDefault("channel", "C0WARROOM");
    return switch (method) {
      case "chat.postMessage" ->
          ok(
              "\"channel\":\""
                  + channel
                  + "\",\"ts\":\""
                  + timestamps.incrementAndGet()
                  + ".000100\"");
      case "chat.update" ->
          ok("\"channel\":\"" + channel + "\",\"ts\":\"" + params.get("ts") + "\"");
      case "auth.test" -> ok("\"team_id\":\"T0GREEN\",\"user_id\":\"UBOT\"");
      case "apps.connections.open" -> ok("\"url\":\"" + socketUrl + "\"");
      default -> ok("\"warning\":\"fake\"");
    };
  }

  private static Answer ok(String fields) {
    return new Answer(200, "{\"ok\":true," + fields + "}", Map.of());
  }

  private void respond(HttpExchange exchange) throws IOException {
    responses.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    send(exchange, new Answer(200, "ok", Map.of()));
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body.startsWith("{")) {
      return params;
    }
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
