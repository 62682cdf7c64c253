package dev.greenlight.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves a Bolt app over HTTP at {@code /slack/events} with the JDK's HTTP server: the request goes
 * through Bolt's parser (and its signature and timestamp checks) and {@code App.run}.
 */
public final class SlackHttpServer implements AutoCloseable {

  public static final String PATH = "/slack/events";

  private final HttpServer server;

  private SlackHttpServer(HttpServer server) {
    this.server = server;
  }

  public static SlackHttpServer start(App app, String host, int port) {
    SlackRequestParser parser = new SlackRequestParser(app.config());
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext(PATH, exchange -> handle(app, parser, exchange));
      server.start();
      return new SlackHttpServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(App app, SlackRequestParser parser, HttpExchange exchange)
      throws IOException {
    Response response;
    try {
      Map<String, List<String>> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
      Request<?> request =
          parser.parse(
              SlackRequestParser.HttpRequest.builder()
                  .requestUri(exchange.getRequestURI().getPath())
                  .queryString(Map.of())
                  .requestBody(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                  .headers(new RequestHeaders(headers))
                  .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                  .build());
      response =
          request == null
              ? Response.builder().statusCode(400).body("unrecognised request").build()
              : app.run(request);
    } catch (Exception e) {
      response = Response.builder().statusCode(500).body("internal error").build();
    }
    byte[] body =
        response.getBody() == null
            ? new byte[0]
            : response.getBody().getBytes(StandardCharsets.UTF_8);
    if (response.getContentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", response.getContentType());
    }
    if (response.getHeaders() != null) {
      response
          .getHeaders()
          .forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
    }
    exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
