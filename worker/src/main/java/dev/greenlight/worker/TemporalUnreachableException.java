package dev.greenlight.worker;

/** Temporal did not answer at the configured address. */
public class TemporalUnreachableException extends RuntimeException {

  public TemporalUnreachableException(String address, Throwable cause) {
    super("cannot reach Temporal at " + address + " (" + rootMessage(cause) + ")", cause);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
