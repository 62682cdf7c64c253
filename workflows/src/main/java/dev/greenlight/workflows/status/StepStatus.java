package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Locale;

/**
 * One step's state and, once it ran, its result. {@code kind} is the plan key in capitals as before
 * ({@code VERIFY_BACKUP}); {@code error} says why a step failed, {@code note} what is worth knowing
 * about one that succeeded; {@code gate} is set for gates, {@code result} for other kinds once they
 * succeeded.
 */
public record StepStatus(
    String name,
    String kind,
    StepState state,
    Instant startedAt,
    Instant finishedAt,
    String error,
    String note,
    GateStatus gate,
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
        StepResult result) {

  /**
   * Reads this shape and the one of runs that ended before steps were plug-ins (one field per
   * result kind), as their recorded statuses carry it.
   */
  @JsonCreator
  static StepStatus fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("kind") String kind,
      @JsonProperty("state") StepState state,
      @JsonProperty("startedAt") Instant startedAt,
      @JsonProperty("finishedAt") Instant finishedAt,
      @JsonProperty("error") String error,
      @JsonProperty("note") String note,
      @JsonProperty("gate") GateStatus gate,
      @JsonProperty("result")
          @JsonTypeInfo(
              use = JsonTypeInfo.Id.NAME,
              include = JsonTypeInfo.As.PROPERTY,
              property = "type")
          StepResult result,
      @JsonProperty("preflight") PreflightResult preflight,
      @JsonProperty("baseline") BaselineResult baseline,
      @JsonProperty("notification") NotifyResult notification,
      @JsonProperty("backup") BackupResult backup,
      @JsonProperty("verification") VerificationResult verification) {
    StepResult legacy =
        verification != null
            ? verification
            : backup != null
                ? backup
                : baseline != null ? baseline : preflight != null ? preflight : notification;
    return new StepStatus(
        name,
        // runs recorded before steps were plug-ins name kinds as constants: VERIFY_BACKUP
        kind == null ? null : kind.toLowerCase(Locale.ROOT).replace('_', '-'),
        state,
        startedAt,
        finishedAt,
        error,
        note,
        gate,
        result != null ? result : legacy);
  }
}
