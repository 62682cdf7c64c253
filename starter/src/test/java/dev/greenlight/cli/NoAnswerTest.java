package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.client.AwaitDeployment;
import dev.greenlight.client.Deployments;
import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.GateState;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When nobody answers (no worker, or the server gone), {@code approve} and {@code watch} say so
 * within seconds with exit code 5, instead of blocking in silence.
 */
class NoAnswerTest {

  @TempDir Path directory;
  private Path plan;

  @BeforeEach
  void writePlan() throws Exception {
    plan = directory.resolve("p.yaml");
    Files.writeString(
        plan,
        """
        release: unanswered
        environment: test
        database: { url: "jdbc:postgresql://127.0.0.1:5432/postgres", expect: { database: postgres } }
        approvers: { brian: {}, dana: {} }
        steps:
          - gate: signoff
            approvers: [dana]
          - notify: "approved"
        """);
  }

  @Test
  void approveWithNoWorkerSaysSoAndTheApprovalIsAppliedWhenOneStarts() throws Exception {
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      String address = "127.0.0.1:" + server.port();
      TemporalConfig config = new TemporalConfig(address, "default");
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      Deployments deployments = new Deployments(TemporalClients.client(service, config));
      try {
        String id;
        try (GreenlightWorker worker =
            GreenlightWorker.start(TemporalClients.client(service, config), false, name -> null)) {
          Cli start = Cli.run("start", plan.toString(), "--as", "brian", "--temporal", address);
          assertThat(start.code()).as(start.err()).isZero();
          id = start.out().strip();
          AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
        }

        long began = System.nanoTime();
        Cli approve = Cli.run("approve", id, "--as", "dana", "--temporal", address);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

        assertThat(approve.code()).as(approve.err()).isEqualTo(5);
        assertThat(seconds).isLessThan(25);
        assertThat(approve.err())
            .isEqualTo(
                "greenlight: no Greenlight worker answered the decision on "
                    + id
                    + " within 20 s (is one running? greenlight worker); it stays pending and is"
                    + " applied when a worker picks the deployment up, if the gate is open then:"
                    + " check with 'greenlight status "
                    + id
                    + "' before deciding again\n");

        try (GreenlightWorker worker =
            GreenlightWorker.start(TemporalClients.client(service, config), false, name -> null)) {
          var done = AwaitDeployment.ended(deployments, id);
          assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
          assertThat(done.steps().get(0).gate().state()).isEqualTo(GateState.APPROVED);
        }
      } finally {
        service.shutdown();
      }
    }
  }

  /** {@code status} connects on its query, not before: no worker still gets its one line. */
  @Test
  void statusWithNoWorkerSaysSoWithinSeconds() throws Exception {
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      String address = "127.0.0.1:" + server.port();
      TemporalConfig config = new TemporalConfig(address, "default");
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      Deployments deployments = new Deployments(TemporalClients.client(service, config));
      try {
        String id;
        try (GreenlightWorker worker =
            GreenlightWorker.start(TemporalClients.client(service, config), false, name -> null)) {
          Cli start = Cli.run("start", plan.toString(), "--as", "brian", "--temporal", address);
          assertThat(start.code()).as(start.err()).isZero();
          id = start.out().strip();
          AwaitDeployment.state(deployments, id, DeploymentState.WAITING_FOR_APPROVAL);
          Cli answered = Cli.run("status", id, "--temporal", address);
          assertThat(answered.code()).as(answered.err()).isZero();
          assertThat(answered.out()).startsWith(id + ": WAITING_FOR_APPROVAL at signoff");
        }

        long began = System.nanoTime();
        Cli status = Cli.run("status", id, "--temporal", address);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

        assertThat(status.code()).as(status.err()).isEqualTo(5);
        assertThat(seconds).isLessThan(20);
        assertThat(status.err())
            .isEqualTo(
                "greenlight: no Greenlight worker answered the status query for "
                    + id
                    + " within 10 s (is one running? greenlight worker)\n");
      } finally {
        service.shutdown();
      }
    }
  }

  @Test
  void approveRefusesUpFrontWhenTheServerListsNoWorker() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(health.getHealthService())
            .addService(
                new WorkflowServiceGrpc.WorkflowServiceImplBase() {
                  @Override
                  public void getSystemInfo(
                      GetSystemInfoRequest request,
                      StreamObserver<GetSystemInfoResponse> response) {
                    response.onNext(GetSystemInfoResponse.getDefaultInstance());
                    response.onCompleted();
                  }

                  @Override
                  public void describeTaskQueue(
                      DescribeTaskQueueRequest request,
                      StreamObserver<DescribeTaskQueueResponse> response) {
                    response.onNext(DescribeTaskQueueResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    health.setStatus(
        "temporal.api.workflowservice.v1.WorkflowService",
        io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    try {
      Cli approve =
          Cli.run(
              "approve", "deploy-x", "--as", "dana", "--temporal", "127.0.0.1:" + server.getPort());

      assertThat(approve.code()).as(approve.err()).isEqualTo(5);
      assertThat(approve.err())
          .isEqualTo(
              "greenlight: no Greenlight worker is polling task queue greenlight; nothing was"
                  + " sent: start one (greenlight worker) and try again\n");
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void watchFailsWithinSecondsWhenTheServerDies() throws Exception {
    DevServer server = DevServer.start("127.0.0.1", 0);
    String address = "127.0.0.1:" + server.port();
    TemporalConfig config = new TemporalConfig(address, "default");
    WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
    GreenlightWorker worker =
        GreenlightWorker.start(TemporalClients.client(service, config), false, name -> null);
    try {
      Cli start = Cli.run("start", plan.toString(), "--as", "brian", "--temporal", address);
      String id = start.out().strip();
      AwaitDeployment.state(
          new Deployments(TemporalClients.client(service, config)),
          id,
          DeploymentState.WAITING_FOR_APPROVAL);

      CompletableFuture<Cli> watch =
          CompletableFuture.supplyAsync(
              () -> Cli.run("watch", id, "--interval-ms", "100", "--temporal", address));
      Thread.sleep(1_000);
      long began = System.nanoTime();
      server.close();
      Cli watched = watch.get(30, TimeUnit.SECONDS);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

      assertThat(watched.code()).as(watched.err()).isEqualTo(5);
      assertThat(seconds).isLessThan(16);
      assertThat(watched.out()).contains("signoff");
      assertThat(watched.err().lines()).hasSize(1);
      assertThat(watched.err())
          .startsWith("greenlight: Temporal ")
          .endsWith("; is the server running?\n");
    } finally {
      worker.close();
      service.shutdownNow();
      server.close();
    }
  }
}
