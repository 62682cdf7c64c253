package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.Metrics;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "dev",
    description = {
      "Run an embedded Temporal server and a Greenlight worker in this process.",
      "State is in memory and gone when it stops; there is no UI. For the real server and UI, see docker-compose.yml."
    })
class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      converter = Port.class,
      defaultValue = "7233",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--metrics-port",
      converter = Port.class,
      paramLabel = "PORT",
      description = "Serve Prometheus metrics on this port (/metrics); off by default.")
  Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    try (Metrics metrics =
            metricsPort == null ? null : Metrics.start(host, metricsPort, Duration.ofSeconds(10));
        Embedded embedded = Embedded.start(host, port, metrics)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "Temporal dev server listening on " + embedded.address() + " (namespace default)");
      out.println("  state is in memory and is lost when this process stops; there is no UI");
      out.println(
          "Greenlight worker polling task queue greenlight"
              + (metrics == null
                  ? ""
                  : "; metrics on http://" + host + ":" + metrics.port() + "/metrics"));
      out.println("Press Ctrl-C to stop.");
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "greenlight-dev-stop"));
      stopped.await();
    }
    return 0;
  }

  /** A dev server, a client connection to it and a worker, closed together. */
  record Embedded(
      DevServer server,
      WorkflowServiceStubs service,
      GreenlightWorker worker,
      TemporalConfig config)
      implements AutoCloseable {

    static Embedded start(String host, int port, Metrics metrics) {
      DevServer server;
      try {
        server = DevServer.start(host, port);
      } catch (UncheckedIOException e) {
        throw new GreenlightException(
            ExitCode.USAGE,
            e.getMessage() + "; is another 'greenlight dev' running? Choose another with --port");
      }
      TemporalConfig config =
          new TemporalConfig(host + ":" + server.port(), TemporalConfig.DEFAULT_NAMESPACE);
      WorkflowServiceStubs service =
          TemporalClients.connect(
              config, Duration.ofSeconds(10), metrics == null ? null : metrics.scope());
      GreenlightWorker worker =
          GreenlightWorker.start(TemporalClients.client(service, config), false, System::getenv);
      return new Embedded(server, service, worker, config);
    }

    String address() {
      return config.address();
    }

    dev.greenlight.client.Deployments deployments() {
      return new dev.greenlight.client.Deployments(TemporalClients.client(service, config));
    }

    @Override
    public void close() {
      worker.close();
      service.shutdown();
      server.close();
    }
  }
}
