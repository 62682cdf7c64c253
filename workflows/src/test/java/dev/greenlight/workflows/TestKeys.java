package dev.greenlight.workflows;

import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.proof.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** Throwaway ed25519 keys made and used by the reference tool, {@code ssh-keygen}. */
final class TestKeys {

  private TestKeys() {}

  /** A key pair in {@code directory}: its private key file and public key line. */
  record Key(Path file, String publicKey) {

    Proof sign(Statement statement) {
      return new Proof(statement.canonical(), TestKeys.sign(file, statement.bytes()));
    }

    Proof sign(
        String deployment,
        String run,
        String action,
        String gate,
        String by,
        String evidence,
        String text) {
      return sign(
          Statement.of(
              deployment,
              run,
              action,
              gate,
              by,
              evidence,
              text,
              Instant.now(),
              UUID.randomUUID().toString()));
    }
  }

  static Key generate(Path directory, String name) throws IOException, InterruptedException {
    Path file = directory.resolve(name);
    run(
        new ProcessBuilder(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            name + "@test",
            "-f",
            file.toString()),
        null);
    return new Key(file, Files.readString(directory.resolve(name + ".pub")).strip());
  }

  static String sign(Path key, byte[] message) {
    try {
      return run(
              new ProcessBuilder(
                  "ssh-keygen",
                  "-q",
                  "-Y",
                  "sign",
                  "-n",
                  SshKeys.NAMESPACE,
                  "-f",
                  key.toString(),
                  "-"),
              message)
          .strip();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static String run(ProcessBuilder builder, byte[] input) throws IOException, InterruptedException {
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      if (input != null) {
        in.write(input);
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + builder.command());
    }
    return out;
  }
}
