package dev.greenlight.workflows.plan;

/**
 * One checklist step. Exactly one of the spec fields is set, the one matching {@link #kind()}; a
 * flat record keeps the payload plain JSON in the Temporal UI and easy to evolve.
 */
public record Step(
    String name,
    StepKind kind,
    GateSpec gate,
    PreflightSpec preflight,
    BaselineSpec baseline,
    BackupSpec backup,
    VerifyBackupSpec verifyBackup,
    String message) {

  public static Step gate(String name, GateSpec spec) {
    return new Step(name, StepKind.GATE, spec, null, null, null, null, null);
  }

  public static Step preflight(String name, PreflightSpec spec) {
    return new Step(name, StepKind.PREFLIGHT, null, spec, null, null, null, null);
  }

  public static Step baseline(String name, BaselineSpec spec) {
    return new Step(name, StepKind.BASELINE, null, null, spec, null, null, null);
  }

  public static Step backup(String name, BackupSpec spec) {
    return new Step(name, StepKind.BACKUP, null, null, null, spec, null, null);
  }

  public static Step verifyBackup(String name, VerifyBackupSpec spec) {
    return new Step(name, StepKind.VERIFY_BACKUP, null, null, null, null, spec, null);
  }

  public static Step notify(String name, String text) {
    return new Step(name, StepKind.NOTIFY, null, null, null, null, null, text);
  }
}
