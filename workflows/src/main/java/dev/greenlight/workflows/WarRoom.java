package dev.greenlight.workflows;

import dev.greenlight.workflows.activities.Notification;
import dev.greenlight.workflows.activities.NotificationActivities;
import dev.greenlight.workflows.activities.PostedMessage;
import dev.greenlight.workflows.activities.StatusMessage;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.NotifyResult;
import dev.greenlight.workflows.steps.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The workflow's side of the war room: what it is told, and the deployment's living message.
 * Deterministic workflow code. Since version 1 of {@code "async-war-room"} everything is sent from
 * one detached workflow thread, one message at a time, so a slow or unavailable Slack never holds
 * the checklist up and an older state never overwrites a newer one; runs started before that keep
 * telling the war room in line. A message that cannot be delivered is counted, never fatal.
 *
 * <p>Since version 1 of {@code "progress-per-task"} the sender also shows the run's progress
 * (Temporal UI details, search attributes) once per workflow task, when the workflow's other
 * threads are blocked, instead of at every change (see {@link #progressChanged()}); and it runs
 * only while there is something to show or send, so a run parked at a gate holds one thread, not
 * two.
 */
final class WarRoom {

  private static final Logger log = Workflow.getLogger(WarRoom.class);

  private final Plan plan;
  private final Supplier<DeploymentStatus> status;
  private final Deque<Notification> outbox = new ArrayDeque<>();
  private Integer version;
  private Runnable progress;
  private boolean progressDirty;
  private NotificationActivities activities;
  private String messageTs;
  private boolean statusDirty;
  private boolean sending;
  private boolean senderRunning;
  private int failed;

  WarRoom(Plan plan, Supplier<DeploymentStatus> status) {
    this.plan = plan;
    this.status = status;
  }

  boolean isAsync() {
    if (version == null) {
      version = Workflow.getVersion("async-war-room", Workflow.DEFAULT_VERSION, 1);
    }
    return version >= 1;
  }

  /**
   * Lets the sender show the run's progress with {@code show} once per workflow task, after {@link
   * #progressChanged()}. Only for an asynchronous war room, before {@link #start()}.
   */
  void showProgressWith(Runnable show) {
    progress = show;
  }

  /** The run's progress changed: shown when the workflow's other threads next block. */
  void progressChanged() {
    progressDirty = true;
    wake();
  }

  /** Shows the progress now, if it changed since it was last shown. */
  void showProgress() {
    if (progressDirty) {
      progressDirty = false;
      progress.run();
    }
  }

  /** Starts the sender; it runs detached, so an abort still gets told. */
  void start() {
    if (isAsync() && progress == null) {
      Workflow.newDetachedCancellationScope(() -> Async.procedure(this::pump)).run();
    }
  }

  /** Per-task progress: starts the sender (detached) unless it is running. */
  private void wake() {
    if (progress != null && !senderRunning) {
      senderRunning = true;
      Workflow.newDetachedCancellationScope(() -> Async.procedure(this::sendWhileWork)).run();
    }
  }

  /** Messages that could not be delivered so far. */
  int failed() {
    return failed;
  }

  /** The deployment's state changed: its living message (if any) is to be updated. */
  void statusChanged() {
    statusDirty = plan.slackChannel() != null;
    if (statusDirty) {
      wake();
    }
  }

  /** Tells the war room; queued when sending is asynchronous, otherwise sent now. */
  NotifyResult tell(String text) {
    Notification notification =
        new Notification(
            Workflow.getInfo().getWorkflowId(),
            plan.release(),
            plan.environment(),
            text,
            plan.slackChannel(),
            messageTs);
    if (isAsync()) {
      outbox.add(notification);
      wake();
      return new NotifyResult(plan.slackChannel() == null ? "log" : plan.slackChannel(), text);
    }
    return deliver(notification);
  }

  /** Before the run ends: lets the war room catch up, for at most two minutes. */
  void flush() {
    if (isAsync()) {
      // With per-task progress, no timer when there is nothing left to wait for.
      boolean drained =
          (progress != null && isDrained())
              || Workflow.await(Duration.ofMinutes(2), this::isDrained);
      if (!drained) {
        failed += outbox.size();
        log.warn("war room not caught up at the end; {} messages dropped", outbox.size());
      }
    }
  }

  private boolean isDrained() {
    return !statusDirty && outbox.isEmpty() && !sending;
  }

  /** People as Slack mentions where the plan knows their Slack id: {@code <@U01> (santiago)}. */
  String mentions(List<String> people) {
    List<String> named = new ArrayList<>();
    for (String person : people) {
      Approver approver = plan.approvers().get(person);
      named.add(
          approver == null || approver.slack() == null
              ? person
              : "<@" + approver.slack() + "> (" + person + ")");
    }
    return String.join(", ", named);
  }

  /**
   * The living message first (so replies thread under it), then queued replies, then the newest
   * status.
   */
  private void pump() {
    while (true) {
      Workflow.await(() -> statusDirty || !outbox.isEmpty());
      send();
    }
  }

  /** The per-task sender: shows and sends until nothing is left, then ends. */
  private void sendWhileWork() {
    try {
      while (progressDirty || statusDirty || !outbox.isEmpty()) {
        showProgress();
        if (statusDirty || !outbox.isEmpty()) {
          send();
        }
      }
    } finally {
      senderRunning = false;
    }
  }

  private void send() {
    sending = true;
    if (plan.slackChannel() != null && (messageTs == null || statusDirty)) {
      statusDirty = false;
      sendStatus();
    }
    while (!outbox.isEmpty()) {
      Notification queued = outbox.poll();
      deliver(
          new Notification(
              queued.deploymentId(),
              queued.release(),
              queued.environment(),
              queued.text(),
              queued.channel(),
              messageTs));
    }
    sending = false;
  }

  /** Posts the living message the first time, then updates it. */
  private void sendStatus() {
    try {
      StatusMessage message = new StatusMessage(plan.slackChannel(), messageTs, status.get());
      PostedMessage posted =
          progress == null
              ? activities().publishStatus(message)
              : await(Async.function(activities()::publishStatus, message));
      messageTs = posted.ts();
    } catch (ActivityFailure failure) {
      failed++;
      log.warn("war-room message not updated: {}", Failures.describe(failure.getCause()));
    }
  }

  private NotifyResult deliver(Notification notification) {
    try {
      return progress == null
          ? activities().notify(notification)
          : await(Async.function(activities()::notify, notification));
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure canceled) {
        throw canceled;
      }
      failed++;
      log.warn("war-room message not delivered: {}", Failures.describe(failure.getCause()));
      return null;
    }
  }

  /**
   * Waits for an activity like a blocking call (the same commands), showing the run's progress
   * whenever it changes meanwhile (per-task progress).
   */
  private <T> T await(Promise<T> result) {
    while (!result.isCompleted()) {
      Workflow.await(() -> result.isCompleted() || progressDirty);
      showProgress();
    }
    return result.get();
  }

  /** Bounded retries: Slack rate limits are waited out, an outage gives up after five minutes. */
  private NotificationActivities activities() {
    if (activities == null) {
      activities = newActivities();
    }
    return activities;
  }

  private static NotificationActivities newActivities() {
    return Workflow.newActivityStub(
        NotificationActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(5))
            .setSummary("war-room message")
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(5)
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .build())
            .build());
  }
}
