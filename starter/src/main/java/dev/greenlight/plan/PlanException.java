package dev.greenlight.plan;

/**
 * A plan that cannot be used, with where: {@code plans/menuca.yaml:7: steps[0].required: ...}. The
 * message is one line, fit to show a person as it is.
 */
public class PlanException extends Exception {

  public PlanException(String message) {
    super(message);
  }
}
