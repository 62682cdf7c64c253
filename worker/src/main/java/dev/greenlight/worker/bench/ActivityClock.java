package dev.greenlight.worker.bench;

import io.temporal.activity.Activity;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notes when each workflow's activities start, in the bench's own process: how many so far, and the
 * first start after the bench armed a workflow (the approve → next activity latency).
 */
final class ActivityClock {

  private final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> armed = new ConcurrentHashMap<>();

  /** Called by the no-op activities. */
  void activityStarted() {
    String workflowId = Activity.getExecutionContext().getInfo().getWorkflowId();
    long now = System.nanoTime();
    started.computeIfAbsent(workflowId, id -> new AtomicInteger()).incrementAndGet();
    CompletableFuture<Long> waiting = armed.remove(workflowId);
    if (waiting != null) {
      waiting.complete(now);
    }
  }

  int started(String workflowId) {
    AtomicInteger count = started.get(workflowId);
    return count == null ? 0 : count.get();
  }

  /** Completes with the {@link System#nanoTime()} of the workflow's next activity start. */
  CompletableFuture<Long> arm(String workflowId) {
    CompletableFuture<Long> next = new CompletableFuture<>();
    armed.put(workflowId, next);
    return next;
  }
}
