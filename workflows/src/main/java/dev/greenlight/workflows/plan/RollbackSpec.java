package dev.greenlight.workflows.plan;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.status.BaselineResult;
import dev.greenlight.workflows.status.VerifiedBackup;
import java.util.List;

/**
 * The gated way back: a gate ({@code gate}, named by the step) whose approvers see what failed
 * ({@code failedStep}, {@code failure}, the verify-change {@code diff} if any), the verified {@code
 * backup} that would be restored and the rows written since {@code baseline}; approved, an
 * emergency backup of the target labelled {@value #EMERGENCY_LABEL} into catalog {@code directory}
 * on {@code host}, the restore of the backup there, and a new baseline of {@code baselineSpec}
 * compared with {@code baseline} (when there is one). {@code historyTables} are the schema history
 * tables the change wrote (null: those of the run's plan's {@code apply} steps): the restore drops
 * those the backup does not contain, so the deployment run again applies its files again. Added to
 * a run by the workflow when a change fails and the plan has {@code rollback:}, or the whole plan
 * of a run {@code greenlight rollback} starts; never written in plan files.
 */
@JsonTypeName("rollback")
public record RollbackSpec(
    GateSpec gate,
    String failedStep,
    String failure,
    List<String> diff,
    VerifiedBackup backup,
    String host,
    String directory,
    EncryptSpec encrypt,
    BaselineSpec baselineSpec,
    BaselineResult baseline,
    List<String> historyTables)
    implements StepSpec {

  public static final String EMERGENCY_LABEL = "emergency-pre-rollback";

  public RollbackSpec {
    diff = diff == null ? List.of() : List.copyOf(diff);
    historyTables = historyTables == null ? null : List.copyOf(historyTables);
  }

  @Override
  public String describe() {
    return "rollback: restore backup "
        + backup.id()
        + " from host "
        + host
        + " once "
        + gate.required()
        + " of "
        + String.join(", ", gate.approvers())
        + " approve, after an emergency backup into "
        + directory;
  }
}
