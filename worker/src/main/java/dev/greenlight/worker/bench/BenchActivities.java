package dev.greenlight.worker.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The bare workflow's activity: does nothing (the bench notes when it started). */
@ActivityInterface
public interface BenchActivities {

  @ActivityMethod
  String noop(String step);
}
