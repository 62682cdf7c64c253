package dev.greenlight.client;

import dev.greenlight.report.ExecutionReport;
import dev.greenlight.report.ReportBuilder;
import dev.greenlight.worker.Promotions;
import dev.greenlight.workflows.AbortRequest;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.DeploymentSearchAttributes;
import dev.greenlight.workflows.DeploymentWorkflow;
import dev.greenlight.workflows.Rejection;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.proof.PlanDigest;
import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.Signers;
import dev.greenlight.workflows.proof.Statement;
import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.GateOutcome;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.StepStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one client service: start, decide, abort, read and follow deployments. The CLI and the Slack
 * gateway are thin over it. Every failure a user can cause comes out as a {@link
 * GreenlightException} with a one-line message and its exit code.
 */
public final class Deployments {

  private static final String WORKFLOW_TYPE = "Deployment";

  /**
   * Deployment ids Greenlight starts: the characters of plan names, so an id is safe in a shell, a
   * URL and the Slack buttons' {@code action|id|gate} values.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public static final int MAX_ID = 200;

  /** Temporal's own limit on a workflow id; a longer one names no deployment. */
  private static final int MAX_LOOKUP_ID = 1000;

  /** How long a status query, which a worker answers, may take. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  /**
   * How long a decision may wait for a worker to apply it: longer than a status query, since a
   * workflow task handed to a worker that just died is given to another only after its 10 s
   * timeout.
   */
  static final Duration DECIDE_WITHIN = Duration.ofSeconds(20);

  private final WorkflowClient client;

  public Deployments(WorkflowClient client) {
    this.client = client;
  }

  /** The id a deployment gets unless one is given: {@code deploy-<release>-<environment>}. */
  public static String defaultId(Plan plan) {
    return "deploy-" + plan.release() + "-" + plan.environment();
  }

  /** Starts a deployment of a checked plan, unsigned; returns its id. */
  public String start(Plan plan, String planFile, String startedBy, String id) {
    return start(plan, planFile, startedBy, id, null);
  }

  /**
   * Starts a deployment of a checked plan; returns its id. With a {@code signer}, the start is
   * signed over the deployment id and the plan's digest.
   */
  public String start(Plan plan, String planFile, String startedBy, String id, Signer signer) {
    requireText(startedBy, "who starts the deployment (--as)");
    if (!ID.matcher(startedBy).matches() || startedBy.length() > 64) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "--as: use a name from the plan's approvers (letters, digits, '.', '-', '_'), found '"
              + OneLine.of(shortened(startedBy))
              + "'");
    }
    String workflowId = id == null ? defaultId(plan) : checkNewId(id);
    String digest = PlanDigest.of(plan);
    String promotedFrom = plan.requires() == null ? null : call(workflowId, () -> qualify(plan));
    Proof proof =
        signer == null
            ? null
            : signer.sign(workflowId, null, Statement.START, null, startedBy, digest, promotedFrom);
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(DeploymentWorkflow.TASK_QUEUE)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary(
                "Deploy "
                    + plan.release()
                    + " to "
                    + plan.environment()
                    + ", started by "
                    + startedBy)
            .setStaticDetails(checklist(plan))
            .build();
    DeploymentWorkflow workflow = client.newWorkflowStub(DeploymentWorkflow.class, options);
    call(
        workflowId,
        () -> {
          try {
            return WorkflowClient.start(
                workflow::run,
                new StartDeployment(plan, startedBy, planFile, digest, proof, promotedFrom));
          } catch (WorkflowExecutionAlreadyStarted e) {
            throw new GreenlightException(
                ExitCode.CONFLICT,
                "deployment "
                    + workflowId
                    + " is already running; follow it with 'greenlight watch "
                    + workflowId
                    + "' or start another with --id");
          }
        });
    return workflowId;
  }

  /** {@code id} if it may name a new deployment; otherwise a one-line refusal (exit 2). */
  public static String checkNewId(String id) {
    String problem = null;
    if (id.indexOf('|') >= 0) {
      problem = "must not contain '|' (Slack's buttons use it to separate fields)";
    } else if (!ID.matcher(id).matches()) {
      problem = "use letters, digits, '.', '-' and '_' only, starting with a letter or digit";
    } else if (id.length() > MAX_ID) {
      problem = "is " + id.length() + " characters long; at most " + MAX_ID;
    }
    if (problem != null) {
      throw new GreenlightException(
          ExitCode.USAGE, "--id '" + OneLine.of(shortened(id)) + "': " + problem);
    }
    return id;
  }

  /** Why {@code id} cannot name a deployment (or a backup), or null when it could. */
  public static String idProblem(String id) {
    if (id == null || id.isBlank()) {
      return "missing the ID";
    }
    if (id.length() > MAX_LOOKUP_ID || id.chars().anyMatch(c -> OneLine.isControl((char) c))) {
      return "not a valid ID: '" + OneLine.of(shortened(id)) + "'";
    }
    return null;
  }

  /** {@code id} if it could name a deployment; otherwise a one-line refusal (exit 2). */
  private static String checkId(String id) {
    String problem = idProblem(id);
    if (problem != null) {
      throw new GreenlightException(ExitCode.USAGE, problem);
    }
    return id;
  }

  private static String shortened(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  public GateOutcome approve(String id, Approval approval) {
    requireDecider(approval.approver(), approval.via(), approval.userId());
    return decide(id, () -> stub(id).approve(approval));
  }

  /**
   * Approves on the evidence the gate shows now (or {@code seen}, the digest its maker was shown),
   * signed by {@code signer} (null: unsigned), as one update with id {@code updateId} (null: a new
   * one; the same id twice counts once, as a Slack click delivered twice must).
   */
  public GateOutcome approve(
      String id, Approval approval, String seen, Signer signer, String updateId) {
    requireDecider(approval.approver(), approval.via(), approval.userId());
    Target target = target(id, approval.gate(), seen, signer);
    Approval signed =
        new Approval(
                target.gate(),
                approval.approver(),
                approval.via(),
                approval.userId(),
                approval.comment())
            .with(
                target.evidence(),
                sign(
                    signer,
                    id,
                    target,
                    Statement.APPROVE,
                    approval.approver(),
                    approval.via(),
                    approval.userId(),
                    approval.comment()));
    return decide(id, () -> update(id, "approve", signed, updateId));
  }

  public GateOutcome reject(String id, Rejection rejection) {
    requireDecider(rejection.approver(), rejection.via(), rejection.userId());
    requireText(rejection.reason(), "a reason (--reason)");
    return decide(id, () -> stub(id).reject(rejection));
  }

  /**
   * Rejects, signed and with an update id as {@link #approve(String, Approval, String, Signer,
   * String)}.
   */
  public GateOutcome reject(
      String id, Rejection rejection, String seen, Signer signer, String updateId) {
    requireDecider(rejection.approver(), rejection.via(), rejection.userId());
    requireText(rejection.reason(), "a reason (--reason)");
    Target target = target(id, rejection.gate(), seen, signer);
    Rejection signed =
        new Rejection(
                target.gate(),
                rejection.approver(),
                rejection.via(),
                rejection.userId(),
                rejection.reason())
            .with(
                target.evidence(),
                sign(
                    signer,
                    id,
                    target,
                    Statement.REJECT,
                    rejection.approver(),
                    rejection.via(),
                    rejection.userId(),
                    rejection.reason()));
    return decide(id, () -> update(id, "reject", signed, updateId));
  }

  /** The run, gate and evidence a decision is about, as the deployment shows them now. */
  private record Target(String run, String gate, String evidence) {}

  private Target target(String id, String gate, String seen, Signer signer) {
    if (signer == null) {
      // unsigned: nothing to bind, so no query first (a decision is sent even with no worker up)
      return new Target(null, gate, seen);
    }
    DeploymentStatus status = status(id);
    StepStatus step = null;
    for (StepStatus candidate : status.steps()) {
      if (candidate.gate() == null) {
        continue;
      }
      boolean named = gate != null && !gate.isBlank() && candidate.name().equals(gate);
      boolean open = (gate == null || gate.isBlank()) && candidate.gate().state() == GateState.OPEN;
      if (named || open) {
        step = candidate;
        break;
      }
    }
    String evidence =
        seen != null
            ? seen
            : step == null || step.gate().evidence() == null
                ? null
                : step.gate().evidence().digest();
    return new Target(status.runId(), step == null ? gate : step.name(), evidence);
  }

  private static Proof sign(
      Signer signer,
      String id,
      Target target,
      String action,
      String person,
      String via,
      String userId,
      String text) {
    if (signer == null) {
      return null;
    }
    String by = Approval.SLACK.equals(via) ? Signers.SLACK_PREFIX + userId : person;
    return signer.sign(id, target.run(), action, target.gate(), by, target.evidence(), text);
  }

  private GateOutcome update(String id, String name, Object argument, String updateId) {
    UpdateOptions.Builder<GateOutcome> options =
        UpdateOptions.newBuilder(GateOutcome.class)
            .setUpdateName(name)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED);
    if (updateId != null) {
      options.setUpdateId(updateId);
    }
    return WorkflowStub.fromTyped(stub(id)).startUpdate(options.build(), argument).getResult();
  }

  /** Records who aborts and why, then cancels the run; cleanup runs in the workflow. */
  public void abort(String id, AbortRequest request) {
    abort(id, request, null);
  }

  /** Aborts, signed by {@code signer} (null: unsigned). */
  public void abort(String id, AbortRequest unsigned, Signer signer) {
    requireText(unsigned.by(), "who aborts (--as)");
    requireText(unsigned.reason(), "a reason (--reason)");
    DeploymentStatus status = status(id);
    if (status.state().isFinal()) {
      throw ended(id, status.state());
    }
    AbortRequest request =
        signer == null
            ? unsigned
            : new AbortRequest(
                unsigned.by(),
                unsigned.via(),
                unsigned.reason(),
                signer.sign(
                    id,
                    status.runId(),
                    Statement.ABORT,
                    null,
                    unsigned.by(),
                    null,
                    unsigned.reason()));
    call(
        id,
        () -> {
          DeploymentWorkflow workflow = stub(id);
          workflow.recordAbort(request);
          WorkflowStub.fromTyped(workflow)
              .cancel("aborted by " + request.by() + ": " + request.reason());
          return null;
        });
  }

  /**
   * The deployment's status, asked of a worker through a query: within {@link #ANSWER_WITHIN}, or a
   * one-line failure saying whether the server or the worker did not answer (exit 5).
   */
  public DeploymentStatus status(String id) {
    checkId(id);
    return within(() -> call(id, () -> stub(id).status()), "the status query for " + id);
  }

  /** The promotion rule, checked here for a prompt answer (the worker checks it again). */
  private String qualify(Plan plan) {
    try {
      return Promotions.qualify(client, plan, Clock.systemUTC());
    } catch (Promotions.NotMet e) {
      throw new GreenlightException(ExitCode.REFUSED, e.getMessage());
    }
  }

  /**
   * The plan a deployment was started with, from its history's first event (the input): no worker
   * needs to answer.
   */
  public Plan plan(String id) {
    return call(
        id,
        () ->
            client
                .getOptions()
                .getDataConverter()
                .fromPayload(
                    client
                        .fetchHistory(id)
                        .getEvents()
                        .get(0)
                        .getWorkflowExecutionStartedEventAttributes()
                        .getInput()
                        .getPayloads(0),
                    StartDeployment.class,
                    StartDeployment.class)
                .plan());
  }

  /** The deployment's execution report, built from its status and its history. */
  public ExecutionReport report(String id) {
    DeploymentStatus status = status(id);
    return call(
        id,
        () ->
            ReportBuilder.build(
                status, client.fetchHistory(id), client.getOptions().getDataConverter()));
  }

  /**
   * Follows a deployment until it ends, handing each changed status to {@code listener}; returns
   * the final status.
   */
  public DeploymentStatus watch(String id, Duration interval, Consumer<DeploymentStatus> listener)
      throws InterruptedException {
    DeploymentStatus last = null;
    while (true) {
      DeploymentStatus current = status(id);
      if (!current.equals(last)) {
        listener.accept(current);
        last = current;
      }
      if (current.state().isFinal()) {
        return current;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /**
   * Open and recent deployments, newest first. Uses the server's visibility query; on a server
   * without it (the dev server) the older open/closed listings.
   */
  public List<DeploymentSummary> list(int limit) {
    List<WorkflowExecutionMetadata> executions;
    try {
      executions =
          client.listExecutions("WorkflowType = '" + WORKFLOW_TYPE + "'").limit(limit).toList();
    } catch (StatusRuntimeException | WorkflowServiceException e) {
      if (grpcStatus(e) != Status.Code.UNIMPLEMENTED) {
        throw translate(null, e);
      }
      return legacyList(limit).stream().map(id -> summary(status(id))).toList();
    }
    Map<String, DeploymentSummary> summaries = new LinkedHashMap<>();
    for (WorkflowExecutionMetadata execution : executions) {
      String id = execution.getExecution().getWorkflowId();
      summaries.putIfAbsent(id, summary(execution));
    }
    return List.copyOf(summaries.values());
  }

  /** A list line from visibility alone; a deployment without the attributes is asked directly. */
  private DeploymentSummary summary(WorkflowExecutionMetadata execution) {
    SearchAttributes attributes = execution.getTypedSearchAttributes();
    String state = attributes.get(DeploymentSearchAttributes.STATE);
    if (state == null) {
      return summary(status(execution.getExecution().getWorkflowId()));
    }
    String step = attributes.get(DeploymentSearchAttributes.STEP);
    List<String> awaiting = attributes.get(DeploymentSearchAttributes.AWAITING);
    return new DeploymentSummary(
        execution.getExecution().getWorkflowId(),
        attributes.get(DeploymentSearchAttributes.RELEASE),
        attributes.get(DeploymentSearchAttributes.ENVIRONMENT),
        DeploymentState.valueOf(state),
        step == null || step.isEmpty() ? null : step,
        awaiting == null ? List.of() : awaiting,
        execution.getStartTime());
  }

  private List<String> legacyList(int limit) {
    var service = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    List<WorkflowExecutionInfo> executions = new ArrayList<>();
    executions.addAll(
        service
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(limit)
                    .build())
            .getExecutionsList());
    executions.addAll(
        service
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(limit)
                    .build())
            .getExecutionsList());
    return executions.stream()
        .filter(e -> e.getType().getName().equals(WORKFLOW_TYPE))
        .sorted(
            (a, b) -> Long.compare(b.getStartTime().getSeconds(), a.getStartTime().getSeconds()))
        .limit(limit)
        .map(e -> e.getExecution().getWorkflowId())
        .toList();
  }

  private static DeploymentSummary summary(DeploymentStatus status) {
    List<String> awaiting =
        status.steps().stream()
            .filter(s -> s.gate() != null && s.name().equals(status.currentStep()))
            .findFirst()
            .map(s -> s.gate().awaiting())
            .orElse(List.of());
    return new DeploymentSummary(
        status.id(),
        status.release(),
        status.environment(),
        status.state(),
        status.currentStep(),
        status.state() == DeploymentState.WAITING_FOR_APPROVAL ? awaiting : List.of(),
        status.startedAt());
  }

  /** The plan's checklist as Markdown, for the Temporal UI. */
  static String checklist(Plan plan) {
    StringBuilder text = new StringBuilder("Checklist of ").append(plan.release()).append(":\n");
    int number = 1;
    for (Step step : plan.steps()) {
      text.append(number++).append(". ").append(step.name());
      text.append(" — ").append(step.spec().describe()).append('\n');
    }
    if (plan.rollback() != null) {
      text.append("If the change fails: ").append(plan.rollback().describe()).append('\n');
    }
    return text.toString();
  }

  /**
   * Sends a decision and waits for a worker to apply it. Nothing is sent when the server shows no
   * worker polling Greenlight's task queue; a decision no worker takes within {@link
   * #DECIDE_WITHIN} ends in a one-line failure that says what happens to it (exit 5).
   */
  private GateOutcome decide(String id, Supplier<GateOutcome> decision) {
    checkId(id);
    requireWorker();
    try {
      return within(
          () -> call(id, decision),
          DECIDE_WITHIN,
          "the decision on " + id,
          "; it stays pending and is applied when a worker picks the deployment up, if the gate"
              + " is open then: check with 'greenlight status "
              + id
              + "' before deciding again");
    } catch (GreenlightException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND && exists(id)) {
        throw ended(id, status(id).state());
      }
      throw e;
    }
  }

  /**
   * {@code base} if no deployment has that id yet, otherwise the first free of {@code base-2},
   * {@code base-3}, … (at most 100 tries).
   */
  public String freeId(String base) {
    checkNewId(base);
    if (!exists(base)) {
      return base;
    }
    for (int n = 2; n <= 100; n++) {
      String id = base + "-" + n;
      if (!exists(id)) {
        return id;
      }
    }
    throw new GreenlightException(
        ExitCode.CONFLICT, "deployments " + base + " to " + base + "-100 all exist; give --id");
  }

  private boolean exists(String id) {
    try {
      client.newUntypedWorkflowStub(id).describe();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  private static GreenlightException ended(String id, DeploymentState state) {
    return new GreenlightException(
        ExitCode.REFUSED, "deployment " + id + " has already ended (" + state + ")");
  }

  /**
   * Refuses, before anything is sent, when the server lists no worker polling Greenlight's task
   * queue. A server without DescribeTaskQueue (the dev server) is not asked; the decision's own
   * time limit covers it.
   */
  private void requireWorker() {
    int pollers;
    try {
      pollers =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(DeploymentWorkflow.TASK_QUEUE))
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build())
              .getPollersCount();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED
          || e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
        return;
      }
      throw translate(null, e);
    }
    if (pollers == 0) {
      throw new GreenlightException(
          ExitCode.UNREACHABLE,
          "no Greenlight worker is polling task queue "
              + DeploymentWorkflow.TASK_QUEUE
              + "; nothing was sent: start one (greenlight worker) and try again");
    }
  }

  private <T> T within(Supplier<T> action, String what) {
    return within(action, ANSWER_WITHIN, what, "");
  }

  /**
   * Runs {@code action} for at most {@code limit}. The SDK retries an unreachable server for a
   * minute and waits for a worker without end; a person at a terminal should know sooner.
   */
  private <T> T within(Supplier<T> action, Duration limit, String what, String afterwards) {
    FutureTask<T> task = new FutureTask<>(action::get);
    Thread thread = new Thread(task, "greenlight-call");
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw noAnswer(what, limit, afterwards);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new GreenlightException(ExitCode.INTERNAL, "interrupted waiting for " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new GreenlightException(ExitCode.INTERNAL, what + " failed: " + e.getCause(), e);
    }
  }

  /** Why {@code what} got no answer: the server is gone, or no worker took it. */
  private GreenlightException noAnswer(String what, Duration limit, String afterwards) {
    long seconds = limit.toSeconds();
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      return new GreenlightException(
          ExitCode.UNREACHABLE,
          "Temporal stopped answering: no reply to "
              + what
              + " within "
              + seconds
              + " s; is the server running?");
    }
    return new GreenlightException(
        ExitCode.UNREACHABLE,
        "no Greenlight worker answered "
            + what
            + " within "
            + seconds
            + " s (is one running? greenlight worker)"
            + afterwards);
  }

  private DeploymentWorkflow stub(String id) {
    return client.newWorkflowStub(DeploymentWorkflow.class, id);
  }

  /**
   * Runs a Temporal call, turning what can go wrong into a one-line {@link GreenlightException}.
   */
  private static <T> T call(String id, Supplier<T> action) {
    try {
      return action.get();
    } catch (GreenlightException e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate(id, e);
    }
  }

  private static GreenlightException translate(String id, RuntimeException e) {
    if (e instanceof WorkflowUpdateException update) {
      Throwable cause = update.getCause();
      String message =
          cause instanceof ApplicationFailure app
              ? app.getOriginalMessage()
              : String.valueOf(cause);
      return new GreenlightException(ExitCode.REFUSED, message, e);
    }
    if (e instanceof WorkflowNotFoundException) {
      return new GreenlightException(ExitCode.NOT_FOUND, "no deployment with id " + id, e);
    }
    Status.Code code = grpcStatus(e);
    if (code == Status.Code.NOT_FOUND) {
      return new GreenlightException(ExitCode.NOT_FOUND, "no deployment with id " + id, e);
    }
    if (code == Status.Code.INVALID_ARGUMENT) {
      return new GreenlightException(
          ExitCode.USAGE, "Temporal refused the request: " + grpcDescription(e), e);
    }
    if (code == null && causedBy(e, java.util.concurrent.CancellationException.class)) {
      code = Status.Code.CANCELLED;
    }
    if (code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.CANCELLED) {
      return new GreenlightException(
          ExitCode.UNREACHABLE,
          "Temporal did not answer (" + code + "); is the server running?",
          e);
    }
    return new GreenlightException(ExitCode.INTERNAL, "Temporal call failed: " + e.getMessage(), e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String grpcDescription(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return String.valueOf(grpc.getStatus().getDescription());
      }
    }
    return String.valueOf(e.getMessage());
  }

  static Status.Code grpcStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode();
      }
    }
    return null;
  }

  /** A decision names the approver, or from Slack the Slack user the deployment maps to one. */
  private static void requireDecider(String approver, String via, String userId) {
    if (Approval.SLACK.equals(via)) {
      requireText(userId, "the Slack user id");
    } else {
      requireText(approver, "the approver's name (--as)");
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new GreenlightException(ExitCode.USAGE, "missing " + what);
    }
  }

  /** The step a status is at, if any. */
  public static StepStatus currentStep(DeploymentStatus status) {
    return status.steps().stream()
        .filter(s -> s.name().equals(status.currentStep()))
        .findFirst()
        .orElse(null);
  }
}
