package dev.greenlight.worker.bench;

import dev.greenlight.worker.DevServer;
import dev.greenlight.worker.TemporalClients;
import dev.greenlight.worker.TemporalConfig;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.DeploymentWorkflowImpl;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Greenlight's orchestration beside a bare Temporal workflow, on the same embedded test server and
 * the same worker settings, interleaved: sequential runs, concurrent throughput, approve → next
 * activity latency, and the worker heap held by deployments parked at a gate. Greenlight's war room
 * is a no-op here, as are the bare workflow's activities, so what differs is orchestration only.
 */
public final class OrchestrationBench {

  /** What to run. */
  public record Settings(
      int notifySteps,
      int rounds,
      int concurrent,
      int concurrentRounds,
      int approvals,
      int parked,
      int parkedRounds,
      boolean sticky) {}

  /** Approvals of each kind made first and not counted: the update path's first, cold calls. */
  private static final int APPROVAL_WARM_UP = 5;

  /** One row of the table: Greenlight, bare, their ratio. */
  public record Row(String measure, String greenlight, String bare, double ratio, String target) {}

  private static final String GREENLIGHT_QUEUE = "bench-greenlight";
  private static final String BARE_QUEUE = "bench-bare";

  private final Settings settings;
  private final PrintWriter out;
  private final ActivityClock clock = new ActivityClock();
  private final AtomicInteger ids = new AtomicInteger();
  private WorkflowClient client;

  private OrchestrationBench(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs the bench, printing progress and the table to {@code out}; returns the rows. */
  public static List<Row> run(Settings settings, PrintWriter out) throws Exception {
    return new OrchestrationBench(settings, out).run();
  }

  private List<Row> run() throws Exception {
    try (DevServer server = DevServer.start("127.0.0.1", 0)) {
      TemporalConfig config =
          new TemporalConfig("127.0.0.1:" + server.port(), TemporalConfig.DEFAULT_NAMESPACE);
      WorkflowServiceStubs service = TemporalClients.connect(config, Duration.ofSeconds(10));
      try {
        client = TemporalClients.client(service, config);
        WorkerFactory factory = WorkerFactory.newInstance(client);
        register(factory, GREENLIGHT_QUEUE, BARE_QUEUE);
        factory.start();
        try {
          return measure();
        } finally {
          factory.shutdownNow();
          factory.awaitTermination(10, TimeUnit.SECONDS);
        }
      } finally {
        service.shutdownNow();
      }
    }
  }

  private void register(WorkerFactory factory, String greenlightQueue, String bareQueue) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (!settings.sticky()) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    if (greenlightQueue != null) {
      Worker greenlight = factory.newWorker(greenlightQueue, options.build());
      greenlight.registerWorkflowImplementationTypes(DeploymentWorkflowImpl.class);
      greenlight.registerActivitiesImplementations(new BenchNotifications(clock));
    }
    if (bareQueue != null) {
      Worker bare = factory.newWorker(bareQueue, options.build());
      bare.registerWorkflowImplementationTypes(BareWorkflowImpl.class);
      bare.registerActivitiesImplementations(new BenchActivitiesImpl(clock));
    }
  }

  private List<Row> measure() throws Exception {
    int greenlightActivities = settings.notifySteps() + 2;
    out.printf(
        Locale.ROOT,
        "embedded test server; sticky execution %s; %d cores; load average %.2f%n",
        settings.sticky() ? "on" : "off",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.printf(
        "Greenlight: %d notify steps (%d war-room activities: the start, each step, the end);"
            + " bare: %d no-op activities%n",
        settings.notifySteps(), greenlightActivities, greenlightActivities);
    out.flush();
    for (int i = 0; i < 5; i++) {
      runGreenlight(notifyPlan());
      runBare(greenlightActivities);
    }

    Samples greenlightRun = new Samples();
    Samples bareRun = new Samples();
    String lastGreenlight = null;
    String lastBare = null;
    for (int round = 0; round < settings.rounds(); round++) {
      for (int turn = 0; turn < 2; turn++) {
        if ((round + turn) % 2 == 0) {
          long start = System.nanoTime();
          lastGreenlight = runGreenlight(notifyPlan());
          greenlightRun.add(millis(start));
        } else {
          long start = System.nanoTime();
          lastBare = runBare(greenlightActivities);
          bareRun.add(millis(start));
        }
      }
    }
    History greenlightHistory = client.fetchHistory(lastGreenlight).getHistory();
    History bareHistory = client.fetchHistory(lastBare).getHistory();
    out.printf(
        Locale.ROOT,
        "sequential: Greenlight %s, bare %s; history %d events / %.1f KB against %d / %.1f KB%n",
        greenlightRun.describe("%.0f", "ms"),
        bareRun.describe("%.0f", "ms"),
        greenlightHistory.getEventsCount(),
        greenlightHistory.getSerializedSize() / 1000.0,
        bareHistory.getEventsCount(),
        bareHistory.getSerializedSize() / 1000.0);
    out.flush();

    Samples greenlightThroughput = new Samples();
    Samples bareThroughput = new Samples();
    for (int round = 0; round < settings.concurrentRounds(); round++) {
      for (int turn = 0; turn < 2; turn++) {
        boolean greenlight = (round + turn) % 2 == 0;
        long start = System.nanoTime();
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < settings.concurrent(); i++) {
          runs.add(greenlight ? startGreenlight(notifyPlan()) : startBare(greenlightActivities));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double perSecond = settings.concurrent() / (millis(start) / 1000.0);
        (greenlight ? greenlightThroughput : bareThroughput).add(perSecond);
      }
    }
    out.printf(
        Locale.ROOT,
        "%d concurrent: Greenlight %s, bare %s%n",
        settings.concurrent(),
        greenlightThroughput.describe("%.1f", "/s"),
        bareThroughput.describe("%.1f", "/s"));
    out.flush();

    Samples greenlightApprove = new Samples();
    Samples bareApprove = new Samples();
    approvals(greenlightApprove, bareApprove);
    out.printf(
        Locale.ROOT,
        "approve → next activity started (%d each): Greenlight p50 %.1f ms p90 %.1f ms p99 %.1f"
            + " ms max %.1f ms, bare p50 %.1f ms p90 %.1f ms p99 %.1f ms max %.1f ms%n",
        settings.approvals(),
        greenlightApprove.median(),
        greenlightApprove.percentile(90),
        greenlightApprove.percentile(99),
        greenlightApprove.max(),
        bareApprove.median(),
        bareApprove.percentile(90),
        bareApprove.percentile(99),
        bareApprove.max());
    out.flush();

    Samples bareHeaps = new Samples();
    Samples greenlightHeaps = new Samples();
    for (int round = 0; round < settings.parkedRounds(); round++) {
      for (int turn = 0; turn < 2; turn++) {
        boolean greenlight = (round + turn) % 2 == 1;
        (greenlight ? greenlightHeaps : bareHeaps).add(parked(greenlight));
      }
    }

    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            settings.notifySteps()
                + " notify steps, sequential (bare: "
                + greenlightActivities
                + " no-op activities)",
            greenlightRun.describe("%.0f", "ms"),
            bareRun.describe("%.0f", "ms"),
            greenlightRun.median() / bareRun.median(),
            "≤ 1.25×"));
    rows.add(
        new Row(
            settings.concurrent() + " concurrent, throughput",
            greenlightThroughput.describe("%.1f", "/s"),
            bareThroughput.describe("%.1f", "/s"),
            greenlightThroughput.median() / bareThroughput.median(),
            "≥ 0.8×"));
    rows.add(
        new Row(
            "approve → next activity started, p50",
            String.format(Locale.ROOT, "%.1f ms", greenlightApprove.median()),
            String.format(Locale.ROOT, "%.1f ms", bareApprove.median()),
            greenlightApprove.median() / bareApprove.median(),
            "≤ 1.25×"));
    rows.add(
        new Row(
            "approve → next activity started, p99",
            String.format(Locale.ROOT, "%.1f ms", greenlightApprove.percentile(99)),
            String.format(Locale.ROOT, "%.1f ms", bareApprove.percentile(99)),
            greenlightApprove.percentile(99) / bareApprove.percentile(99),
            "≤ 1.25×"));
    rows.add(
        new Row(
            settings.parked() + " parked at a gate, worker heap added",
            "+" + greenlightHeaps.describe("%.1f", "MiB"),
            "+" + bareHeaps.describe("%.1f", "MiB"),
            greenlightHeaps.median() / bareHeaps.median(),
            "≤ 1.5×"));
    rows.add(
        new Row(
            "history of one sequential run",
            String.format(
                Locale.ROOT,
                "%d events, %.1f KB",
                greenlightHistory.getEventsCount(),
                greenlightHistory.getSerializedSize() / 1000.0),
            String.format(
                Locale.ROOT,
                "%d events, %.1f KB",
                bareHistory.getEventsCount(),
                bareHistory.getSerializedSize() / 1000.0),
            (double) greenlightHistory.getSerializedSize() / bareHistory.getSerializedSize(),
            ""));
    out.println();
    out.println("| measure | Greenlight | bare | ratio | target |");
    out.println("|---|---|---|---|---|");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %.2f× | %s |%n",
          row.measure(),
          row.greenlight(),
          row.bare(),
          row.ratio(),
          row.target());
    }
    out.printf(
        Locale.ROOT,
        "(medians, range in brackets; load average at the end %.2f)%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.flush();
    return rows;
  }

  /**
   * Starts every deployment and bare workflow of the latency measurement at once, waits until each
   * is parked (its first activity done), then approves them one at a time, alternating, timing the
   * update from the client's call to the start of the workflow's next activity.
   */
  private void approvals(Samples greenlight, Samples bare) throws Exception {
    List<String> greenlightIds = new ArrayList<>();
    List<String> bareIds = new ArrayList<>();
    List<CompletableFuture<?>> results = new ArrayList<>();
    int total = APPROVAL_WARM_UP + settings.approvals();
    for (int i = 0; i < total; i++) {
      String id = nextId("gl-gate");
      results.add(start(GREENLIGHT_QUEUE, id, gatePlan()));
      greenlightIds.add(id);
      String bareId = nextId("bare-gate");
      results.add(start(BARE_QUEUE, bareId, new BareWorkflow.Run(1, true)));
      bareIds.add(bareId);
    }
    awaitStarted(greenlightIds);
    awaitStarted(bareIds);
    Thread.sleep(500);
    for (int i = 0; i < total; i++) {
      for (int turn = 0; turn < 2; turn++) {
        boolean isGreenlight = (i + turn) % 2 == 0;
        String id = isGreenlight ? greenlightIds.get(i) : bareIds.get(i);
        CompletableFuture<Long> next = clock.arm(id);
        long start = System.nanoTime();
        if (isGreenlight) {
          client
              .newWorkflowStub(DeploymentWorkflow.class, id)
              .approve(new Approval("signoff", "santiago", "cli", "santiago", "GO"));
        } else {
          client.newWorkflowStub(BareWorkflow.class, id).approve(new BareWorkflow.Approval("x"));
        }
        long started = next.get(1, TimeUnit.MINUTES);
        if (i >= APPROVAL_WARM_UP) {
          (isGreenlight ? greenlight : bare).add((started - start) / 1e6);
        }
      }
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
  }

  /**
   * Heap a worker holds for {@code parked} workflows waiting at a gate: the used heap (after GC)
   * with them cached, less the used heap once that worker has shut down (the server's share stays
   * in both).
   */
  private double parked(boolean greenlight) throws Exception {
    String queue = (greenlight ? "parked-greenlight-" : "parked-bare-") + ids.incrementAndGet();
    List<String> parkedIds = new ArrayList<>();
    for (int i = 0; i < settings.parked(); i++) {
      String id = nextId(greenlight ? "gl-parked" : "bare-parked");
      if (greenlight) {
        start(queue, id, gatePlan());
      } else {
        start(queue, id, new BareWorkflow.Run(1, true));
      }
      parkedIds.add(id);
    }
    WorkerFactory factory = WorkerFactory.newInstance(client);
    register(factory, greenlight ? queue : null, greenlight ? null : queue);
    factory.start();
    awaitStarted(parkedIds);
    Thread.sleep(2000);
    long withWorker = usedHeap();
    int threadsWith = ManagementFactory.getThreadMXBean().getThreadCount();
    factory.shutdownNow();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    Thread.sleep(500);
    long without = usedHeap();
    int threadsWithout = ManagementFactory.getThreadMXBean().getThreadCount();
    double mib = (withWorker - without) / (1024.0 * 1024.0);
    out.printf(
        Locale.ROOT,
        "%d %s parked: worker heap +%.1f MiB, +%d threads%n",
        settings.parked(),
        greenlight ? "deployments" : "bare workflows",
        mib,
        threadsWith - threadsWithout);
    out.flush();
    return mib;
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private void awaitStarted(List<String> workflowIds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    for (String id : workflowIds) {
      while (clock.started(id) < 1) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("workflow " + id + " never started its first activity");
        }
        Thread.sleep(10);
      }
    }
  }

  private String runGreenlight(Plan plan) throws Exception {
    String id = nextId("gl");
    start(GREENLIGHT_QUEUE, id, plan).get(1, TimeUnit.MINUTES);
    return id;
  }

  private String runBare(int activities) throws Exception {
    String id = nextId("bare");
    start(BARE_QUEUE, id, new BareWorkflow.Run(activities, false)).get(1, TimeUnit.MINUTES);
    return id;
  }

  private CompletableFuture<?> startGreenlight(Plan plan) {
    return start(GREENLIGHT_QUEUE, nextId("gl"), plan);
  }

  private CompletableFuture<?> startBare(int activities) {
    return start(BARE_QUEUE, nextId("bare"), new BareWorkflow.Run(activities, false));
  }

  private CompletableFuture<?> start(String queue, String id, Plan plan) {
    DeploymentWorkflow workflow =
        client.newWorkflowStub(DeploymentWorkflow.class, options(queue, id));
    WorkflowClient.start(workflow::run, new StartDeployment(plan, "brian", "bench.yaml", "bench"));
    return WorkflowStub.fromTyped(workflow).getResultAsync(Object.class);
  }

  private CompletableFuture<?> start(String queue, String id, BareWorkflow.Run run) {
    BareWorkflow workflow = client.newWorkflowStub(BareWorkflow.class, options(queue, id));
    WorkflowClient.start(workflow::run, run);
    return WorkflowStub.fromTyped(workflow).getResultAsync(Object.class);
  }

  private static WorkflowOptions options(String queue, String id) {
    return WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build();
  }

  private String nextId(String kind) {
    return "bench-" + kind + "-" + ids.incrementAndGet();
  }

  private Plan notifyPlan() {
    return plan(
        IntStream.rangeClosed(1, settings.notifySteps())
            .mapToObj(i -> new Step("notify-" + i, new NotifySpec("Step " + i + " done.")))
            .toList());
  }

  /** A gate of one approver, then one notify step. */
  private static Plan gatePlan() {
    return plan(
        List.of(
            new Step(
                "signoff",
                new GateSpec(List.of("santiago"), 1, Duration.ofHours(4), List.of("Reviewed"))),
            new Step("notify", new NotifySpec("Approved, going on."))));
  }

  private static Plan plan(List<Step> steps) {
    return new Plan(
        "bench",
        "bench",
        new DatabaseTarget("jdbc:postgresql://127.0.0.1:5432/bench", "bench", null, "bench"),
        Map.of("santiago", new Approver(null)),
        steps);
  }

  private static double millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
