package dev.greenlight.worker;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server on a real port, in real time, reached over gRPC like a real server.
 * It keeps state in memory (gone when it stops), has no UI, and a limited visibility API.
 *
 * <p>{@code TestServer.createPortBoundServer} binds every interface; this binds one address
 * (loopback by default) with the same services, so a development server is not on the network.
 */
public final class DevServer implements AutoCloseable {

  private final TestServicesStarter services;
  private final Server server;

  private DevServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  public static DevServer start(String host, int port) {
    // lockTimeSkipping = true: time runs like a real server's; a 4 h gate waits 4 h.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(host, port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    DevServer server;
    try {
      server = new DevServer(services, builder.build().start());
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.registerSearchAttributes(host);
    return server;
  }

  /**
   * Registers Greenlight's search attributes in the default namespace, as the compose stack does.
   */
  private void registerSearchAttributes(String host) {
    ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port()).usePlaintext().build();
    try {
      SearchAttributeSetup.addAll(channel, TemporalConfig.DEFAULT_NAMESPACE);
    } finally {
      channel.shutdownNow();
    }
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    services.close();
  }
}
