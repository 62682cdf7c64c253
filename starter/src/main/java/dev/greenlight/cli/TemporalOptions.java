package dev.greenlight.cli;

import dev.greenlight.client.Catalogs;
import dev.greenlight.client.Deployments;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.worker.TemporalUnreachableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** {@code host:port}, {@code [v6 address]:port}; a gRPC target with a scheme is left as it is. */
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]/\\s]+):(\\d{1,5})");

  TemporalConfig config() {
    TemporalConfig config = TemporalConfig.resolve(address, namespace, System.getenv());
    checkAddress(config.address());
    return config;
  }

  /** A malformed address is the user's mistake (exit 2), not an unreachable server (exit 5). */
  static void checkAddress(String address) {
    if (address.contains("://") || address.startsWith("unix:")) {
      return;
    }
    Matcher match = HOST_PORT.matcher(address);
    if (!match.matches()
        || Integer.parseInt(match.group(2)) < 1
        || Integer.parseInt(match.group(2)) > 65535) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "Temporal address '"
              + OneLine.of(address)
              + "' is not HOST:PORT with a port from 1 to 65535 (--temporal or TEMPORAL_ADDRESS)");
    }
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

  /**
   * A connection that reaches the server with its first call: for a command that makes one call and
   * prints the answer ({@code status}), the check {@link #connect()} makes first is a round trip
   * and a start-up cost it does not need. Run the call through {@link Connection#reaching}.
   */
  Connection connectOnFirstCall() {
    TemporalConfig config = config();
    WorkflowServiceStubs service =
        TemporalClients.connectOnFirstCall(config, Duration.ofSeconds(5));
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

    /**
     * Runs the connection's first call: a server that cannot be reached is reported as {@link
     * #connect()} reports it ({@code cannot reach Temporal at ADDRESS (why)}, exit 5).
     */
    <T> T reaching(Supplier<T> call) {
      try {
        return call.get();
      } catch (GreenlightException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
          if (cause instanceof StatusRuntimeException grpc
              && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            throw new TemporalUnreachableException(config.address(), grpc);
          }
        }
        throw e;
      }
    }

    @Override
    public void close() {
      service.shutdown();
    }
  }
}
