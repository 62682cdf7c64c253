package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * What a step found or made, once it ran. Every surface (CLI, Temporal UI, Slack, report) shows a
 * result through {@link #summary()}, so a new kind needs no renderer. The type id ({@link
 * JsonTypeName}) is written where a result is held as a {@code StepResult} ({@link
 * StepStatus#result()}), not where an activity returns its concrete result.
 */
@JsonSubTypes({
  @JsonSubTypes.Type(PreflightResult.class),
  @JsonSubTypes.Type(BaselineResult.class),
  @JsonSubTypes.Type(BackupResult.class),
  @JsonSubTypes.Type(VerificationResult.class),
  @JsonSubTypes.Type(NotifyResult.class),
  @JsonSubTypes.Type(ApplyResult.class),
  @JsonSubTypes.Type(ChangeVerification.class),
  @JsonSubTypes.Type(RestoreResult.class),
  @JsonSubTypes.Type(RollbackResult.class)
})
public sealed interface StepResult
    permits PreflightResult,
        BaselineResult,
        BackupResult,
        VerificationResult,
        NotifyResult,
        ApplyResult,
        ChangeVerification,
        RestoreResult,
        RollbackResult {

  /** The result's key figures in one line, for people. */
  String summary();

  /**
   * Lines that say more than the summary (a file per line, a diff table), plain text and aligned
   * for a fixed-width font; every surface shows them under the step. None by default.
   */
  default List<String> details() {
    return List.of();
  }
}
