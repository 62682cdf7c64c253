package dev.greenlight.client;

import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.proof.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Signs decisions with {@code ssh-keygen -Y sign -n greenlight}: with a private key file ({@code
 * --key}), or with the key in the SSH agent ({@code SSH_AUTH_SOCK}) whose public half the plan
 * names. The private key never leaves ssh-keygen or the agent; only the signature travels.
 */
public final class Signer {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path keyFile;
  private final String publicKey;
  private final Clock clock;

  private Signer(Path keyFile, String publicKey, Clock clock) {
    this.keyFile = keyFile;
    this.publicKey = publicKey;
    this.clock = clock;
  }

  /** Signs with a private key file. */
  public static Signer withKeyFile(Path privateKey) {
    if (!Files.isReadable(privateKey)) {
      throw new GreenlightException(ExitCode.USAGE, "cannot read the key file " + privateKey);
    }
    return new Signer(privateKey, null, Clock.systemUTC());
  }

  /** Signs with the agent's key whose public half is {@code publicKey} (as the plan names it). */
  public static Signer withAgent(String publicKey) {
    SshKeys.parsePublicKey(publicKey);
    return new Signer(null, publicKey, Clock.systemUTC());
  }

  /**
   * The signer for a person: {@code --key} if given; else the agent, when {@code SSH_AUTH_SOCK} is
   * set and the plan names the person's key; else null (unsigned). Refuses when the plan requires
   * signatures and there is no way to sign.
   */
  public static Signer choose(
      Path keyOption, String personKey, boolean required, String person, String agentSocket) {
    if (keyOption != null) {
      return withKeyFile(keyOption);
    }
    if (personKey != null && agentSocket != null && !agentSocket.isBlank()) {
      return withAgent(personKey);
    }
    if (required) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "this deployment requires signed decisions: give --key FILE (your private key) or load "
              + (person == null ? "your key" : person + "'s key")
              + " into ssh-agent (SSH_AUTH_SOCK)");
    }
    return null;
  }

  /** A fresh nonce: 128 random bits in hex. */
  public static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Signs a statement about {@code text} made now, with a fresh nonce. */
  public Proof sign(
      String deployment,
      String run,
      String action,
      String gate,
      String by,
      String evidence,
      String text) {
    return sign(
        Statement.of(deployment, run, action, gate, by, evidence, text, clock.instant(), nonce()));
  }

  public Proof sign(Statement statement) {
    Path publicFile = null;
    try {
      Path key = keyFile;
      if (key == null) {
        publicFile = Files.createTempFile("greenlight-signer", ".pub");
        Files.writeString(publicFile, publicKey + "\n");
        key = publicFile;
      }
      Process process =
          new ProcessBuilder(
                  "ssh-keygen",
                  "-q",
                  "-Y",
                  "sign",
                  "-n",
                  SshKeys.NAMESPACE,
                  "-f",
                  key.toString(),
                  "-")
              .start();
      CompletableFuture<byte[]> out = read(process.getInputStream());
      CompletableFuture<byte[]> err = read(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(statement.bytes());
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new GreenlightException(ExitCode.USAGE, "ssh-keygen did not sign within 60 s");
      }
      String signature = new String(out.join(), StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0 || !signature.startsWith("-----BEGIN SSH SIGNATURE-----")) {
        String why =
            new String(err.join(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.startsWith("Signing data"))
                .reduce((a, b) -> b)
                .orElse("exit " + process.exitValue());
        throw new GreenlightException(ExitCode.USAGE, "cannot sign with ssh-keygen: " + why);
      }
      return new Proof(statement.canonical(), signature);
    } catch (IOException e) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "cannot run ssh-keygen to sign (is OpenSSH installed?): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GreenlightException(ExitCode.INTERNAL, "interrupted while signing");
    } finally {
      if (publicFile != null) {
        try {
          Files.deleteIfExists(publicFile);
        } catch (IOException ignored) {
          // a temporary public key left behind is harmless
        }
      }
    }
  }

  private static CompletableFuture<byte[]> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return stream.readAllBytes();
          } catch (IOException e) {
            return new byte[0];
          }
        });
  }
}
