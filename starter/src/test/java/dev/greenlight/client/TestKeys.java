package dev.greenlight.client;

import java.nio.file.Files;
import java.nio.file.Path;

/** Throwaway ed25519 keys for tests, made by the reference tool. */
public final class TestKeys {

  private TestKeys() {}

  /** Writes a new key pair at {@code file} and {@code file.pub}; returns the public key line. */
  public static String generate(Path file) throws Exception {
    Process process =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                file.getFileName() + "@test",
                "-f",
                file.toString())
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen could not make a key at " + file);
    }
    return Files.readString(Path.of(file + ".pub")).strip();
  }
}
