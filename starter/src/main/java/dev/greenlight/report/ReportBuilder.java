package dev.greenlight.report;

import dev.greenlight.workflows.AbortRequest;
import dev.greenlight.workflows.Approval;
import dev.greenlight.workflows.Rejection;
import dev.greenlight.workflows.StartDeployment;
import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.proof.Statement;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.StepStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a deployment's report from its record, never from what anyone typed: the history's inputs
 * (the start, every accepted decision, the abort, every war-room message) and the final status
 * (every step's result through {@code StepResult.summary()}, so new step kinds need nothing here),
 * and the timeline of the history's events.
 */
public final class ReportBuilder {

  private ReportBuilder() {}

  public static ExecutionReport build(
      DeploymentStatus status, WorkflowExecutionHistory history, DataConverter converter) {
    ExecutionReport report = ExecutionReport.begin(status.id(), status.runId());
    List<HistoryEvent> events = history.getEvents();
    StartDeployment start =
        decode(
            converter,
            events.get(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0),
            StartDeployment.class);
    Plan plan = start.plan();
    Map<String, Object> startData = new LinkedHashMap<>();
    startData.put("startedBy", start.startedBy());
    startData.put("planFile", start.planFile());
    startData.put("planDigest", start.planDigest());
    startData.put("signer", status.startSigner());
    startData.put("proof", start.proof());
    startData.put("plan", plan);
    report.add(
        "start",
        time(events.get(0)),
        "Deployment of "
            + plan.release()
            + " to "
            + plan.environment()
            + " started by "
            + start.startedBy(),
        startData);

    List<Map<String, Object>> messages = new ArrayList<>();
    for (HistoryEvent event : events) {
      if (event.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
        var input =
            event
                .getWorkflowExecutionUpdateAcceptedEventAttributes()
                .getAcceptedRequest()
                .getInput();
        Payload argument = input.getArgs().getPayloads(0);
        if (input.getName().equals("approve")) {
          Approval a = decode(converter, argument, Approval.class);
          decision(
              report,
              plan,
              event,
              "approve",
              a.gate(),
              a.approver(),
              a.via(),
              a.userId(),
              a.comment(),
              a.evidence(),
              a.proof());
        } else if (input.getName().equals("reject")) {
          Rejection r = decode(converter, argument, Rejection.class);
          decision(
              report,
              plan,
              event,
              "reject",
              r.gate(),
              r.approver(),
              r.via(),
              r.userId(),
              r.reason(),
              r.evidence(),
              r.proof());
        }
      } else if (event.hasWorkflowExecutionSignaledEventAttributes()
          && event
              .getWorkflowExecutionSignaledEventAttributes()
              .getSignalName()
              .equals("recordAbort")) {
        AbortRequest abort =
            decode(
                converter,
                event.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloads(0),
                AbortRequest.class);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", Statement.ABORT);
        data.put("by", abort.by());
        data.put("via", abort.via());
        data.put("reason", abort.reason());
        data.put("proof", abort.proof());
        data.put("signer", fingerprint(plan.keyOf(abort.by()), abort.proof()));
        report.add("abort", time(event), "Abort requested by " + abort.by(), data);
      } else if (event.hasActivityTaskScheduledEventAttributes()
          && event
              .getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .equals("Notify")) {
        Notification notification =
            decode(
                converter,
                event.getActivityTaskScheduledEventAttributes().getInput().getPayloads(0),
                Notification.class);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("at", time(event));
        message.put("channel", notification.channel() == null ? "log" : notification.channel());
        message.put("text", notification.text());
        messages.add(message);
      }
    }
    for (Map<String, Object> message : messages) {
      report.add("war-room", (String) message.get("at"), (String) message.get("text"), message);
    }
    for (StepStatus step : status.steps()) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("step", step);
      data.put("summary", step.result() == null ? null : step.result().summary());
      data.put("details", step.result() == null ? List.of() : step.result().details());
      report.add(
          "step",
          step.startedAt() == null ? null : step.startedAt().toString(),
          step.name() + " (" + step.kind() + "): " + step.state(),
          data);
    }
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("state", status.state());
    outcome.put("reason", status.reason());
    outcome.put("startedAt", status.startedAt());
    outcome.put("finishedAt", status.finishedAt());
    outcome.put("backup", status.backup());
    outcome.put("abort", status.abort());
    outcome.put("notificationsFailed", status.notificationsFailed());
    outcome.put("signatures", status.signatures());
    report.add(
        "outcome",
        status.finishedAt() == null ? null : status.finishedAt().toString(),
        "Deployment " + status.state() + (status.reason() == null ? "" : ": " + status.reason()),
        outcome);
    report.add("timeline", time(events.get(0)), "Timeline of the history", timeline(events));
    return report;
  }

  private static void decision(
      ExecutionReport report,
      Plan plan,
      HistoryEvent event,
      String action,
      String gate,
      String approver,
      String via,
      String userId,
      String text,
      String evidence,
      Proof proof) {
    boolean slack = Approval.SLACK.equals(via);
    String person = slack ? plan.approverWithSlackId(userId) : approver;
    String key = slack ? plan.slackGatewayKey() : plan.keyOf(person);
    Statement signed = proof == null ? null : Statement.parse(proof.statement());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("action", action);
    data.put("gate", gate != null ? gate : signed == null ? null : signed.gate());
    data.put("by", person);
    data.put("via", via);
    data.put("userId", userId);
    data.put("text", text);
    data.put("evidence", signed != null ? signed.evidence() : evidence);
    data.put("proof", key == null ? null : proof);
    data.put("signer", fingerprint(key, proof));
    report.add(
        "decision",
        time(event),
        (action.equals("approve") ? "Approved" : "Rejected")
            + " gate "
            + data.get("gate")
            + " by "
            + person
            + " via "
            + via,
        data);
  }

  private static String fingerprint(String key, Proof proof) {
    return key == null || proof == null ? null : SshKeys.parsePublicKey(key).fingerprint();
  }

  /** The history's events that tell the story (not the workflow tasks), one line each. */
  private static List<Map<String, String>> timeline(List<HistoryEvent> events) {
    List<Map<String, String>> lines = new ArrayList<>();
    for (HistoryEvent event : events) {
      String type = event.getEventType().name().replace("EVENT_TYPE_", "").toLowerCase(Locale.ROOT);
      if (type.startsWith("workflow_task")) {
        continue;
      }
      String detail = "";
      if (event.hasActivityTaskScheduledEventAttributes()) {
        detail = event.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        if (event.hasUserMetadata() && event.getUserMetadata().hasSummary()) {
          detail += " " + event.getUserMetadata().getSummary().getData().toStringUtf8();
        }
      } else if (event.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
        detail =
            event
                .getWorkflowExecutionUpdateAcceptedEventAttributes()
                .getAcceptedRequest()
                .getInput()
                .getName();
      } else if (event.hasWorkflowExecutionSignaledEventAttributes()) {
        detail = event.getWorkflowExecutionSignaledEventAttributes().getSignalName();
      } else if (event.hasTimerStartedEventAttributes()) {
        var timeout = event.getTimerStartedEventAttributes().getStartToFireTimeout();
        detail = timeout.getSeconds() + " s";
      } else if (event.hasMarkerRecordedEventAttributes()) {
        detail = event.getMarkerRecordedEventAttributes().getMarkerName();
      } else if (event.hasActivityTaskFailedEventAttributes()) {
        detail = event.getActivityTaskFailedEventAttributes().getFailure().getMessage();
      }
      Map<String, String> line = new LinkedHashMap<>();
      line.put("at", time(event));
      line.put("event", type);
      line.put("detail", detail);
      lines.add(line);
    }
    return lines;
  }

  private static String time(HistoryEvent event) {
    return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos())
        .toString();
  }

  private static <T> T decode(DataConverter converter, Payload payload, Class<T> type) {
    return converter.fromPayload(payload, type, type);
  }
}
