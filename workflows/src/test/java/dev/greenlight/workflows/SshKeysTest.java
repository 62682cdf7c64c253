package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.proof.SshKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure-Java SSHSIG check agrees with {@code ssh-keygen -Y verify}: what the reference tool
 * signs holds, and what it would refuse (another key, another namespace, another message, a flipped
 * bit) is refused here too, with the reason.
 */
class SshKeysTest {

  @Test
  void agreesWithSshKeygen(@TempDir Path dir) throws Exception {
    TestKeys.Key santiago = TestKeys.generate(dir, "santiago");
    TestKeys.Key dana = TestKeys.generate(dir, "dana");
    byte[] message = "greenlight decision v1\nby: santiago\n".getBytes(StandardCharsets.UTF_8);
    String signature = TestKeys.sign(santiago.file(), message);
    SshKeys.Key key = SshKeys.parsePublicKey(santiago.publicKey());

    assertThat(SshKeys.verify(key, message, signature)).isEqualTo(key.fingerprint());
    assertThat(key.fingerprint()).isEqualTo(sshKeygenFingerprint(dir, santiago));
    assertThat(referenceVerifies(dir, santiago, message, signature)).isTrue();

    byte[] other = "greenlight decision v1\nby: dana\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SshKeys.verify(key, other, signature))
        .hasMessage("the signature does not match what was signed");
    assertThat(referenceVerifies(dir, santiago, other, signature)).isFalse();

    String byDana = TestKeys.sign(dana.file(), message);
    assertThatThrownBy(() -> SshKeys.verify(key, message, byDana))
        .hasMessageStartingWith("signed with key SHA256:")
        .hasMessageEndingWith("not with " + key.fingerprint());

    Path file = dir.resolve("m");
    Files.write(file, message);
    String otherNamespace =
        TestKeys.run(
            new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-Y",
                "sign",
                "-n",
                "file",
                "-f",
                santiago.file().toString(),
                "-"),
            message);
    assertThatThrownBy(() -> SshKeys.verify(key, message, otherNamespace))
        .hasMessage("signed for namespace 'file', not 'greenlight'");

    String body = signature.lines().skip(1).limit(4).reduce("", String::concat);
    char[] flipped = body.toCharArray();
    int at = body.length() - 10;
    flipped[at] = flipped[at] == 'A' ? 'B' : 'A';
    String tampered =
        "-----BEGIN SSH SIGNATURE-----\n" + new String(flipped) + "\n-----END SSH SIGNATURE-----";
    assertThatThrownBy(() -> SshKeys.verify(key, message, tampered))
        .isInstanceOf(SshKeys.Refused.class);
  }

  @Test
  void refusesKeysItCannotUse() {
    assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x"))
        .hasMessage("only ssh-ed25519 keys are accepted, found ssh-rsa");
    assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-ed25519 not-base64!"))
        .hasMessage("the key is not base64");
    assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="))
        .isInstanceOf(SshKeys.Refused.class);
  }

  private static String sshKeygenFingerprint(Path dir, TestKeys.Key key) throws Exception {
    String line =
        TestKeys.run(new ProcessBuilder("ssh-keygen", "-l", "-f", key.file() + ".pub"), null);
    return line.split(" ")[1];
  }

  private static boolean referenceVerifies(
      Path dir, TestKeys.Key key, byte[] message, String signature) throws Exception {
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, "signer namespaces=\"greenlight\" " + key.publicKey() + "\n");
    Path sig = dir.resolve("message.sig");
    Files.writeString(sig, signature + "\n");
    Process process =
        new ProcessBuilder(
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                allowed.toString(),
                "-I",
                "signer",
                "-n",
                "greenlight",
                "-s",
                sig.toString())
            .redirectErrorStream(true)
            .start();
    try (var in = process.getOutputStream()) {
      in.write(message);
    }
    process.getInputStream().readAllBytes();
    return process.waitFor() == 0;
  }
}
