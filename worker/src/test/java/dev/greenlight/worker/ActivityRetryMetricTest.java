package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A retried activity attempt is counted once in {@code greenlight_activity_retries{activity}} by
 * the worker's interceptor, with no call in the activity; a first attempt is not counted.
 */
@Timeout(60)
class ActivityRetryMetricTest {

  private static final String QUEUE = "retry-metric-test";

  @WorkflowInterface
  public interface Probe {
    @WorkflowMethod
    String run();
  }

  @ActivityInterface
  public interface ProbeActivities {
    String flaky();

    String steady();
  }

  public static class ProbeImpl implements Probe {
    private final ProbeActivities activities =
        Workflow.newActivityStub(
            ProbeActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(100))
                        .setMaximumAttempts(3)
                        .build())
                .build());

    @Override
    public String run() {
      return activities.steady() + " " + activities.flaky();
    }
  }

  /** Fails its first attempt only; counts nothing itself. */
  static class ProbeActivitiesImpl implements ProbeActivities {
    @Override
    public String flaky() {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (attempt == 1) {
        throw ApplicationFailure.newFailure("first attempt fails", "Flaky");
      }
      return "attempt " + attempt;
    }

    @Override
    public String steady() {
      return "steady";
    }
  }

  @Test
  void aRetriedAttemptIsCountedOnceAndAFirstAttemptNotAtAll() throws Exception {
    try (DevServer server = DevServer.start("127.0.0.1", 0);
        Metrics metrics = Metrics.start("127.0.0.1", 0, Duration.ofMillis(100))) {
      TemporalConfig config = new TemporalConfig("127.0.0.1:" + server.port(), "default");
      WorkflowServiceStubs service =
          TemporalClients.connect(config, Duration.ofSeconds(10), metrics.scope());
      WorkerFactory factory = null;
      try {
        WorkflowClient client = TemporalClients.client(service, config);
        factory = WorkerFactory.newInstance(client, GreenlightWorker.factoryOptions());
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(ProbeImpl.class);
        worker.registerActivitiesImplementations(new ProbeActivitiesImpl());
        factory.start();

        String result =
            client
                .newWorkflowStub(
                    Probe.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())
                .run();

        assertThat(result).isEqualTo("steady attempt 2");
        Pattern flakyOnce =
            Pattern.compile(
                "greenlight_activity_retries_total\\{[^}]*activity=\"Flaky\"[^}]*\\} 1\\.0");
        String scraped = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!flakyOnce.matcher(scraped).find() && System.nanoTime() < deadline) {
          Thread.sleep(100);
          scraped = scrape(metrics.port());
        }
        assertThat(scraped).containsPattern(flakyOnce).doesNotContain("activity=\"Steady\"");
      } finally {
        if (factory != null) {
          factory.shutdownNow();
        }
        service.shutdownNow();
      }
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
