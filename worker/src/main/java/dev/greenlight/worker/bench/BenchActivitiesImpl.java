package dev.greenlight.worker.bench;

/** See {@link BenchActivities}. */
final class BenchActivitiesImpl implements BenchActivities {

  private final ActivityClock clock;

  BenchActivitiesImpl(ActivityClock clock) {
    this.clock = clock;
  }

  @Override
  public String noop(String step) {
    clock.activityStarted();
    return step;
  }
}
