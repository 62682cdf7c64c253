package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Arrays;
import java.util.List;

/**
 * What one checklist step does: one record per kind, named in plans and payloads by its {@link
 * JsonTypeName} ({@code gate}, {@code backup}, …). A new kind is a record here, a line in {@code
 * permits} and {@link JsonSubTypes}, and a runner in {@code steps.StepRunners}.
 *
 * <p>The type id is written where a spec is held as a {@code StepSpec} ({@link Step#spec()}), not
 * where a concrete spec travels alone (a {@code BackupRequest}'s {@code BackupSpec}), so activity
 * payloads keep the shape they had before specs were polymorphic.
 */
@JsonSubTypes({
  @JsonSubTypes.Type(GateSpec.class),
  @JsonSubTypes.Type(PreflightSpec.class),
  @JsonSubTypes.Type(BaselineSpec.class),
  @JsonSubTypes.Type(BackupSpec.class),
  @JsonSubTypes.Type(VerifyBackupSpec.class),
  @JsonSubTypes.Type(NotifySpec.class),
  @JsonSubTypes.Type(ApplySpec.class),
  @JsonSubTypes.Type(VerifyChangeSpec.class),
  @JsonSubTypes.Type(RestoreSpec.class),
  @JsonSubTypes.Type(RollbackSpec.class)
})
public sealed interface StepSpec
    permits GateSpec,
        PreflightSpec,
        BaselineSpec,
        BackupSpec,
        VerifyBackupSpec,
        NotifySpec,
        ApplySpec,
        VerifyChangeSpec,
        RestoreSpec,
        RollbackSpec {

  /** The key that introduces this kind in a plan file, and its type id in payloads. */
  default String key() {
    return keyOf(getClass());
  }

  /** One line for {@code plan check} and the Temporal UI's checklist. */
  String describe();

  /**
   * Whether this step changes the target database. Before such a step the workflow checks that the
   * evidence approvals were given on still holds (the same database, the backup still there with
   * the same checksums) and stops the run with the reason if not.
   */
  default boolean changesDatabase() {
    return false;
  }

  /** Every kind's key, in the order they are declared. */
  static List<String> keys() {
    return Arrays.stream(StepSpec.class.getPermittedSubclasses()).map(StepSpec::keyOf).toList();
  }

  private static String keyOf(Class<?> kind) {
    return kind.getAnnotation(JsonTypeName.class).value();
  }
}
