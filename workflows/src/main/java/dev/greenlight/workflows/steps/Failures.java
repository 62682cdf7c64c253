package dev.greenlight.workflows.steps;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Locale;

/** Why an activity failed, in the words its status and the war room show. */
public final class Failures {

  private Failures() {}

  public static String describe(Throwable cause) {
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType().name().toLowerCase(Locale.ROOT) + ")";
    }
    return cause == null ? "unknown error" : cause.getMessage();
  }
}
