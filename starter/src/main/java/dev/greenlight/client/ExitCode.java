package dev.greenlight.client;

/** The documented exit codes of every {@code greenlight} command. */
public enum ExitCode {
  OK(0, "success (watch, demo: the deployment succeeded)"),
  INTERNAL(1, "internal error (a bug: report it with --verbose output)"),
  USAGE(2, "bad input: options, arguments or the plan file"),
  NOT_FOUND(3, "no such deployment (backups, restore: backup; rollback: verified backup)"),
  REFUSED(4, "refused: not an approver, gate decided, run ended, not SUCCEEDED"),
  UNREACHABLE(5, "Temporal (demo: PostgreSQL) could not be reached, or no worker answered"),
  CONFLICT(6, "a deployment with that id is already running"),
  VERIFICATION_FAILED(7, "backups verify, report --verify: verification failed"),
  NOT_READY(8, "worker: the namespace lacks Greenlight's search attributes"),
  NO_SCHEDULES(9, "verify-schedule: the server has no Schedules (dev server: use run --loop)"),
  ABORTED(10, "watch, demo: aborted (gate rejected/expired, abort)"),
  FAILED(11, "watch, demo: failed (a step could not heal); backups: worker failed"),
  ROLLED_BACK(12, "watch, demo: rolled back (its verified backup restored)"),
  ROLLBACK_FAILED(13, "watch, demo: the rollback failed (the reason gives the database state)"),
  STALE(14, "backups check: no verified backup within --max-age, or the newest failed");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
