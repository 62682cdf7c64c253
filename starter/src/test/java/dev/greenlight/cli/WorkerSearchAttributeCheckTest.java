package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A worker refuses to start on a namespace without Greenlight's search attributes, and says how to
 * fix it. The dev server cannot list search attributes, so the namespace here is a loopback gRPC
 * server that answers health checks and lists no custom attributes, as a real server does for a
 * namespace nobody prepared.
 */
class WorkerSearchAttributeCheckTest {

  @Test
  void aNamespaceWithoutTheAttributesIsNamedWithTheFix() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(health.getHealthService())
            .addService(
                new OperatorServiceGrpc.OperatorServiceImplBase() {
                  @Override
                  public void listSearchAttributes(
                      ListSearchAttributesRequest request,
                      StreamObserver<ListSearchAttributesResponse> response) {
                    response.onNext(ListSearchAttributesResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    health.setStatus(
        "temporal.api.workflowservice.v1.WorkflowService",
        io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    try {
      Cli refused = Cli.run("worker", "--temporal", "127.0.0.1:" + server.getPort());

      assertThat(refused.code()).as(refused.err()).isEqualTo(8);
      assertThat(refused.err())
          .startsWith(
              "greenlight: namespace default lacks Greenlight's search attributes GreenlightRelease,")
          .contains(
              "temporal operator search-attribute create --namespace default --name GreenlightAwaiting --type KeywordList")
          .doesNotContain("\tat ");
    } finally {
      server.shutdownNow();
    }
  }
}
