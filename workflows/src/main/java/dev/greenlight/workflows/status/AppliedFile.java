package dev.greenlight.workflows.status;

import java.util.Locale;

/**
 * One file of an {@code apply} step: its name, Flyway version and SHA-256 (what ran), its state,
 * how long it took, how many statements ran, on which attempt, and why it failed.
 */
public record AppliedFile(
    String name,
    String version,
    String sha256,
    FileState state,
    long millis,
    int statements,
    int attempt,
    String error) {

  /** The same file in another state. */
  public AppliedFile as(FileState newState, String why) {
    return new AppliedFile(name, version, sha256, newState, millis, statements, attempt, why);
  }

  /** {@code 340 ms}, {@code 1.2 s}. */
  public static String took(long millis) {
    return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** {@code V2__rls_policies.sql applied in 1.2 s}, {@code … already applied}, {@code … FAILED}. */
  public String describe() {
    return switch (state) {
      case APPLIED ->
          name + " applied in " + took(millis) + (attempt > 1 ? " (attempt " + attempt + ")" : "");
      case ALREADY_APPLIED -> name + " already applied (in the schema history)";
      case FAILED -> name + " FAILED: " + error;
      case INTERRUPTED -> name + " interrupted by the abort";
      case RUNNING -> name + " running";
      case PENDING -> name + " not run";
    };
  }
}
