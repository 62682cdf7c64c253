package dev.greenlight.workflows.plan;

/**
 * Encryption at rest of a backup: the Tink keyset is read on the worker from the environment
 * variable {@code keysetEnv} or the file {@code keysetFile} (exactly one is set). Only the name of
 * where the key lives is in the plan and the history, never the key.
 */
public record EncryptSpec(String keysetEnv, String keysetFile) {

  /** Where the keyset is, as recorded in a manifest: {@code env:NAME} or {@code file:PATH}. */
  public String source() {
    return keysetEnv != null ? "env:" + keysetEnv : "file:" + keysetFile;
  }

  /** The spec for a recorded {@link #source()}. */
  public static EncryptSpec ofSource(String source) {
    if (source.startsWith("env:")) {
      return new EncryptSpec(source.substring(4), null);
    }
    if (source.startsWith("file:")) {
      return new EncryptSpec(null, source.substring(5));
    }
    throw new IllegalArgumentException("not a keyset source: " + source);
  }
}
