package dev.greenlight.cli;

import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.GreenlightWorker;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's dev server (port-bound, on a free port) with one Greenlight worker on it, started
 * before the class's tests and stopped after them. Register it as a static field:
 * {@code @RegisterExtension static final DevTemporal temporal = new DevTemporal("my-test");}.
 */
final class DevTemporal implements BeforeAllCallback, AfterAllCallback {

  private final String identity;
  private DevServer server;
  private WorkflowServiceStubs service;
  private GreenlightWorker worker;
  private String address;

  /** {@code identity} names the worker. */
  DevTemporal(String identity) {
    this.identity = identity;
  }

  /** The server's {@code host:port}, for {@code --temporal}. */
  String address() {
    return address;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = DevServer.start("127.0.0.1", 0);
    address = "127.0.0.1:" + server.port();
    TemporalConfig config = new TemporalConfig(address, "default");
    service = TemporalClients.connect(config, Duration.ofSeconds(10));
    worker =
        GreenlightWorker.start(
            TemporalClients.client(service, config), false, System::getenv, identity);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    worker.close();
    service.shutdown();
    server.close();
  }
}
