package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One checklist step: its name in this plan and what it does. In payloads the spec carries its kind
 * ({@code {"name": "backup", "spec": {"kind": "backup", "directory": …}}}), readable in the
 * Temporal UI.
 */
public record Step(
    String name,
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
        StepSpec spec) {

  public Step {
    if (spec == null) {
      throw new IllegalArgumentException("step " + name + " has no spec");
    }
  }

  /** The kind's key ({@code gate}, {@code verify-backup}, …). */
  public String key() {
    return spec.key();
  }

  /**
   * Reads this shape and the flat one that deployments started before steps were plug-ins carry in
   * their history ({@code kind} plus one filled field per kind), so their inputs still deserialize.
   */
  @JsonCreator
  static Step fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("spec")
          @JsonTypeInfo(
              use = JsonTypeInfo.Id.NAME,
              include = JsonTypeInfo.As.PROPERTY,
              property = "kind")
          StepSpec spec,
      @JsonProperty("kind") String legacyKind,
      @JsonProperty("gate") GateSpec gate,
      @JsonProperty("preflight") PreflightSpec preflight,
      @JsonProperty("baseline") BaselineSpec baseline,
      @JsonProperty("backup") BackupSpec backup,
      @JsonProperty("verifyBackup") VerifyBackupSpec verifyBackup,
      @JsonProperty("message") String message) {
    if (spec != null) {
      return new Step(name, spec);
    }
    StepSpec legacy =
        switch (String.valueOf(legacyKind)) {
          case "GATE" -> gate;
          case "PREFLIGHT" -> preflight;
          case "BASELINE" -> baseline;
          case "BACKUP" -> backup;
          case "VERIFY_BACKUP" -> verifyBackup;
          case "NOTIFY" -> new NotifySpec(message);
          default ->
              throw new IllegalArgumentException("step " + name + ": unknown kind " + legacyKind);
        };
    return new Step(name, legacy);
  }
}
