package dev.greenlight.plan;

import dev.greenlight.client.OneLine;

/**
 * A plan that cannot be used, with where: {@code plans/menuca.yaml:7: steps[0].required: ...}. The
 * message is one line, fit to show a person as it is: control characters from the plan are shown
 * escaped ({@code \n}, {@code \\u001b}), so a value cannot forge a second line.
 */
public class PlanException extends Exception {

  public PlanException(String message) {
    super(OneLine.of(message));
  }
}
