package dev.greenlight.client;

/** A failure a user can act on: a one-line message and the exit code that goes with it. */
public class GreenlightException extends RuntimeException {

  private final ExitCode exitCode;

  public GreenlightException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public GreenlightException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
