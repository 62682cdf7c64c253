package dev.greenlight.worker;

import dev.greenlight.workflows.DeploymentSearchAttributes;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.Promotion;
import dev.greenlight.workflows.proof.PlanDigest;
import dev.greenlight.workflows.status.DeploymentState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The promotion rule, {@code requires: { environment: staging, within: 7d }}: a plan starts only if
 * a deployment of the same release with the same plan (environment and database aside) SUCCEEDED in
 * that environment within that time.
 *
 * <p>On a real server the candidates come from the visibility query ({@code
 * ListWorkflowExecutions}: {@code WorkflowType}, Greenlight's release and environment search
 * attributes, {@code ExecutionStatus = 'Completed'}, {@code CloseTime}). The dev server does not
 * implement it; there the closed executions come from the older {@code
 * ListClosedWorkflowExecutions}, filtered here by type, status (Completed) and close time. Either
 * way each candidate's history is read for its input, whose plan must have the same promotable
 * digest.
 */
public final class Promotions {

  /** No deployment qualifies; the message says what was looked for and the nearest miss. */
  public static final class NotMet extends RuntimeException {
    NotMet(String message) {
      super(message);
    }
  }

  private static final int MAX_CANDIDATES = 50;

  private Promotions() {}

  /** The qualifying deployment ({@code id/run, succeeded at …}), or a refusal. */
  public static String qualify(WorkflowClient client, Plan plan, Clock clock) {
    Promotion rule = plan.requires();
    Instant since = clock.instant().minus(rule.within());
    String wanted = PlanDigest.promotable(plan);
    List<Candidate> candidates = candidates(client, plan.release(), rule.environment(), since);
    String nearest = null;
    for (Candidate candidate : candidates) {
      WorkflowExecutionHistory history =
          client.fetchHistory(candidate.workflowId(), candidate.runId());
      StartDeployment start =
          client
              .getOptions()
              .getDataConverter()
              .fromPayload(
                  history
                      .getEvents()
                      .get(0)
                      .getWorkflowExecutionStartedEventAttributes()
                      .getInput()
                      .getPayloads(0),
                  StartDeployment.class,
                  StartDeployment.class);
      Plan earlier = start.plan();
      if (!earlier.release().equals(plan.release())
          || !earlier.environment().equals(rule.environment())) {
        continue;
      }
      if (!PlanDigest.promotable(earlier).equals(wanted)) {
        nearest =
            nearest != null
                ? nearest
                : candidate.workflowId()
                    + " succeeded with another plan ("
                    + PlanDigest.promotable(earlier)
                    + ")";
        continue;
      }
      return candidate.workflowId()
          + "/"
          + candidate.runId()
          + " succeeded in "
          + rule.environment()
          + " at "
          + candidate.closedAt();
    }
    throw new NotMet(
        plan.environment()
            + " needs a deployment of "
            + plan.release()
            + " with the same plan ("
            + wanted
            + ", environment and database aside) that SUCCEEDED in "
            + rule.environment()
            + " since "
            + since
            + (nearest == null ? "; there is none" : "; the nearest: " + nearest));
  }

  private record Candidate(String workflowId, String runId, Instant closedAt) {}

  private static List<Candidate> candidates(
      WorkflowClient client, String release, String environment, Instant since) {
    List<Candidate> found = new ArrayList<>();
    try {
      String query =
          "WorkflowType = 'Deployment' AND "
              + DeploymentSearchAttributes.RELEASE.getName()
              + " = '"
              + release
              + "' AND "
              + DeploymentSearchAttributes.ENVIRONMENT.getName()
              + " = '"
              + environment
              + "' AND "
              + DeploymentSearchAttributes.STATE.getName()
              + " = '"
              + DeploymentState.SUCCEEDED
              + "' AND ExecutionStatus = 'Completed' AND CloseTime >= '"
              + since
              + "'";
      client
          .listExecutions(query)
          .limit(MAX_CANDIDATES)
          .forEach(
              e ->
                  found.add(
                      new Candidate(
                          e.getExecution().getWorkflowId(),
                          e.getExecution().getRunId(),
                          e.getCloseTime())));
      return found;
    } catch (StatusRuntimeException | WorkflowServiceException e) {
      if (code(e) != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
    }
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setMaximumPageSize(1000)
                    .build());
    for (WorkflowExecutionInfo info : response.getExecutionsList()) {
      // the dev server fills neither the status filter nor always the close time: filter here
      var time = info.hasCloseTime() ? info.getCloseTime() : info.getStartTime();
      Instant closed = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
      if (info.getType().getName().equals("Deployment")
          && info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
          && !closed.isBefore(since)) {
        found.add(
            new Candidate(
                info.getExecution().getWorkflowId(), info.getExecution().getRunId(), closed));
      }
    }
    found.sort(Comparator.comparing(Candidate::closedAt).reversed());
    return found.size() > MAX_CANDIDATES ? found.subList(0, MAX_CANDIDATES) : found;
  }

  private static Status.Code code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode();
      }
    }
    return null;
  }
}
