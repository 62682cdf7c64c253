package dev.greenlight.client;

/** The documented exit codes of every {@code greenlight} command. */
public enum ExitCode {
  OK(0, "success; for watch and demo: the deployment succeeded"),
  INTERNAL(1, "an unexpected internal error (a bug: please report it with --verbose output)"),
  USAGE(2, "bad input: unknown option, missing argument, or an invalid plan file"),
  NOT_FOUND(3, "no deployment with that id"),
  REFUSED(4, "the deployment refused the request (not an approver, gate already decided, run ended)"),
  UNREACHABLE(5, "Temporal (or, for demo, PostgreSQL) could not be reached"),
  CONFLICT(6, "a deployment with that id is already running"),
  ABORTED(10, "watch/demo: the deployment was aborted (rejected or expired gate, or abort)"),
  FAILED(11, "watch/demo: the deployment failed (a step failed and could not heal)");

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
