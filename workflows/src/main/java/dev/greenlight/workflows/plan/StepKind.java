package dev.greenlight.workflows.plan;

/** The fixed vocabulary of checklist steps, by the key a plan file uses for each. */
public enum StepKind {
  GATE("gate"),
  PREFLIGHT("preflight"),
  BASELINE("baseline"),
  BACKUP("backup"),
  VERIFY_BACKUP("verify-backup"),
  NOTIFY("notify");

  private final String key;

  StepKind(String key) {
    this.key = key;
  }

  /** The key that introduces this step in a plan file. */
  public String key() {
    return key;
  }

  public static StepKind fromKey(String key) {
    for (StepKind kind : values()) {
      if (kind.key.equals(key)) {
        return kind;
      }
    }
    return null;
  }
}
