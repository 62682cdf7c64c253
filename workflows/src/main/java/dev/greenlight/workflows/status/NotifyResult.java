package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Where a notification went ({@code log}, or a channel) and what it said. */
@JsonTypeName("notification")
public record NotifyResult(String channel, String text) implements StepResult {

  @Override
  public String summary() {
    return "sent to " + channel + ": " + text;
  }
}
