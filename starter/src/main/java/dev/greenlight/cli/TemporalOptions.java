package dev.greenlight.cli;

import dev.greenlight.client.Catalogs;
import dev.greenlight.client.Deployments;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where Temporal is: flags first, then {@code TEMPORAL_ADDRESS} / {@code TEMPORAL_NAMESPACE}. */
public class TemporalOptions {

  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend (default: $TEMPORAL_ADDRESS or 127.0.0.1:7233).")
  String address;

  @Option(
      names = "--namespace",
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE or default).")
  String namespace;

  TemporalConfig config() {
    return TemporalConfig.resolve(address, namespace, System.getenv());
  }

  /** An open connection; close it when the command is done. */
  Connection connect() {
    return connect(null);
  }

  /** As {@link #connect()}, with the SDK's metrics reported into {@code metrics} (may be null). */
  Connection connect(com.uber.m3.tally.Scope metrics) {
    TemporalConfig config = config();
    WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(5), metrics);
    return new Connection(service, TemporalClients.client(service, config), config);
  }

  /** An open connection and the configuration it was made with. */
  record Connection(WorkflowServiceStubs service, WorkflowClient client, TemporalConfig config)
      implements AutoCloseable {

    Deployments deployments() {
      return new Deployments(client);
    }

    Catalogs catalogs(String askedBy) {
      return new Catalogs(client, askedBy);
    }

    @Override
    public void close() {
      service.shutdown();
    }
  }
}
