package dev.greenlight.workflows.plan;

/**
 * One SQL file of an {@code apply} step, as the CLI read it when the deployment started: {@code
 * name} as the plan lists it ({@code V2__rls_policies.sql}, or the path of a plain SQL file),
 * {@code version} (Flyway's, from the name; null for plain SQL files, which get theirs when the
 * step runs), the SHA-256 of the content and the content itself. What runs is this content: nothing
 * is read from the worker's disk, and editing the file after the start changes nothing.
 */
public record ChangeFile(String name, String version, String sha256, long bytes, String sql) {

  /** The file as one line: name, size and the start of its checksum. */
  public String describe() {
    return name + " (" + bytes + " bytes, sha256 " + sha256.substring(0, 12) + "…)";
  }
}
