package dev.greenlight.worker;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Metrics on a Prometheus endpoint ({@code GET /metrics}): the Temporal SDK's (requests, workflow
 * and activity task latencies, poller counts) and Greenlight's own, which the workflow and
 * activities report through the SDK's metrics scope: {@code greenlight_deployments_started}, {@code
 * greenlight_deployments_finished{state}}, {@code greenlight_gate_wait{outcome}}, {@code
 * greenlight_backup_duration}, {@code greenlight_backup_bytes}, {@code
 * greenlight_activity_retries{activity}}, and the catalogs' freshness gauges (see {@link
 * BackupGauges}).
 */
public final class Metrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final Scope scope;
  private final HttpServer server;

  private Metrics(PrometheusMeterRegistry registry, Scope scope, HttpServer server) {
    this.registry = registry;
    this.scope = scope;
    this.server = server;
  }

  /**
   * Starts the endpoint on {@code host:port} (port 0: any free port).
   *
   * @param reportEvery how often the SDK's metrics are handed to the registry
   */
  public static Metrics start(String host, int port, Duration reportEvery) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(reportEvery.toMillis()));
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return new Metrics(registry, scope, server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The scope to give the Temporal client, so that workflows and activities report into it. */
  public Scope scope() {
    return scope;
  }

  /** The registry the endpoint serves, for gauges of the worker's own. */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      scope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // the last report is lost; the process is stopping anyway
    }
    registry.close();
  }
}
