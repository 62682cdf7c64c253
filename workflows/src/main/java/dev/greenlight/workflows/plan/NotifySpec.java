package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A message for the war room. {@code text} may name the run's backup: {@code {backup.id}}, {@code
 * {backup.location}}, {@code {backup.bytes}}, {@code {backup.sha256}}.
 */
@JsonTypeName("notify")
public record NotifySpec(String text) implements StepSpec {

  @Override
  public String describe() {
    return "notify: " + text;
  }
}
