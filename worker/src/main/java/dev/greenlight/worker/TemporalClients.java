package dev.greenlight.worker;

import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/** The one place that connects to Temporal, for the worker, the CLI and the gateway alike. */
public final class TemporalClients {

  private TemporalClients() {}

  /**
   * Connects and checks the server answers within {@code timeout}.
   *
   * @throws TemporalUnreachableException with the address, when it does not
   */
  public static WorkflowServiceStubs connect(TemporalConfig config, Duration timeout) {
    return connect(config, timeout, null);
  }

  /**
   * As {@link #connect(TemporalConfig, Duration)}, reporting the SDK's metrics into {@code
   * metrics}.
   */
  public static WorkflowServiceStubs connect(
      TemporalConfig config, Duration timeout, Scope metrics) {
    WorkflowServiceStubsOptions options =
        metrics == null
            ? config.stubsOptions()
            : WorkflowServiceStubsOptions.newBuilder(config.stubsOptions())
                .setMetricsScope(metrics)
                .build();
    try {
      return WorkflowServiceStubs.newConnectedServiceStubs(options, timeout);
    } catch (RuntimeException e) {
      throw new TemporalUnreachableException(config.address(), e);
    }
  }

  /**
   * Stubs that connect on their first call instead of checking the server first (no health check
   * and no extra round trip before the call): for a one-shot command whose first call tells whether
   * the server is there. An unreachable server fails that call with {@code UNAVAILABLE} after
   * {@code retryFor}, not after the SDK's default minute of retries.
   */
  public static WorkflowServiceStubs connectOnFirstCall(TemporalConfig config, Duration retryFor) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder(config.stubsOptions())
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder().setExpiration(retryFor).validateBuildWithDefaults())
            .build());
  }

  public static WorkflowClient client(WorkflowServiceStubs service, TemporalConfig config) {
    return WorkflowClient.newInstance(
        service, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
  }
}
