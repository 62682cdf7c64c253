package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.worker.BackupGauges;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.Metrics;
import dev.greenlight.worker.SearchAttributeSetup;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker", description = "Run a Greenlight worker against a Temporal server.")
class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Option(
      names = "--no-sticky",
      description =
          "Turn sticky execution off (needed against 'greenlight dev' for a restarted worker to resume).")
  boolean noSticky;

  @Option(
      names = "--host-name",
      paramLabel = "NAME",
      description =
          "This worker's host name: it also polls task queue greenlight-host-NAME, where activities on its backup archives run (default: $GREENLIGHT_HOST, else the machine's name).")
  String hostName;

  @Option(
      names = "--metrics-port",
      converter = Port.class,
      paramLabel = "PORT",
      description = "Serve Prometheus metrics on this port (/metrics); off by default.")
  Integer metricsPort;

  @Option(
      names = "--catalog",
      paramLabel = "DIR",
      description =
          "With --metrics-port: also export the freshness gauges of this catalog directory (repeatable; the default catalog and every directory a scheduled verification reads are exported anyway).")
  List<Path> catalogs = new ArrayList<>();

  @Option(
      names = "--register-search-attributes",
      description =
          "Register Greenlight's search attributes in the namespace if missing (needs operator rights).")
  boolean register;

  @Override
  public Integer call() throws InterruptedException {
    try (Metrics metrics =
            metricsPort == null
                ? null
                : Metrics.start("0.0.0.0", metricsPort, Duration.ofSeconds(10));
        TemporalOptions.Connection connection =
            temporal.connect(metrics == null ? null : metrics.scope())) {
      checkSearchAttributes(connection);
      BackupGauges gauges =
          metrics == null ? null : new BackupGauges(metrics.registry(), Clock.systemUTC());
      try (GreenlightWorker worker =
          GreenlightWorker.start(
              connection.client(),
              !noSticky,
              System::getenv,
              hostName,
              gauges == null ? directory -> {} : gauges::watch)) {
        if (gauges != null) {
          gauges.watch(worker.catalog());
          catalogs.forEach(gauges::watch);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "Greenlight worker "
                + worker.describe()
                + "; "
                + connection.config().describe()
                + "; sticky execution "
                + (noSticky ? "off" : "on")
                + "; metrics "
                + (metrics == null ? "off" : "on :" + metrics.port() + "/metrics")
                + "; database passwords and Slack tokens are read from the environment when a step needs them");
        out.flush();
        worker.awaitTermination();
      }
    }
    return 0;
  }

  /**
   * Deployments upsert Greenlight's search attributes; without them registered, every deployment
   * would stall at its first workflow task. Check at start and say how to fix it.
   */
  private void checkSearchAttributes(TemporalOptions.Connection connection) {
    String namespace = connection.config().namespace();
    Map<String, IndexedValueType> missing;
    try {
      missing = SearchAttributeSetup.missing(connection.service().getRawChannel(), namespace);
    } catch (StatusRuntimeException e) {
      spec.commandLine()
          .getErr()
          .println(
              "greenlight: warning: this server cannot list search attributes ("
                  + e.getStatus().getCode()
                  + "); make sure namespace "
                  + namespace
                  + " has Greenlight's (see docs/operations.md)");
      return;
    }
    if (missing.isEmpty()) {
      return;
    }
    if (register) {
      SearchAttributeSetup.ensure(connection.service().getRawChannel(), namespace);
      spec.commandLine()
          .getOut()
          .println("registered search attributes " + String.join(", ", missing.keySet()));
      return;
    }
    throw new GreenlightException(
        ExitCode.NOT_READY,
        "namespace "
            + namespace
            + " lacks Greenlight's search attributes "
            + String.join(", ", missing.keySet())
            + "; rerun with --register-search-attributes, or run: "
            + SearchAttributeSetup.commands(missing, namespace));
  }
}
