package dev.greenlight.workflows.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * OpenSSH public keys and SSHSIG signatures ({@code ssh-keygen -Y sign}), verified with the JDK's
 * own Ed25519 ({@code Signature.getInstance("Ed25519")}). What is parsed here is the wire format of
 * PROTOCOL.key and PROTOCOL.sshsig (length-prefixed strings); the cryptography is the JDK's.
 * Deterministic, no I/O: usable in a workflow's update validator.
 *
 * <p>Only {@code ssh-ed25519} keys are accepted: one algorithm with one signature encoding, no
 * parameters to get wrong, and what {@code ssh-keygen -t ed25519} makes by default.
 */
public final class SshKeys {

  /** The SSHSIG namespace of every Greenlight signature ({@code ssh-keygen -Y sign -n}). */
  public static final String NAMESPACE = "greenlight";

  private static final String ED25519 = "ssh-ed25519";
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  // X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410): the 32 raw bytes follow.
  private static final byte[] X509_ED25519 = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private SshKeys() {}

  /** A public key as written in {@code authorized_keys}: type, key blob, comment. */
  public record Key(String type, byte[] blob, String comment) {

    /** {@code SHA256:…}, as {@code ssh-keygen -l} shows it. */
    public String fingerprint() {
      return SshKeys.fingerprint(blob);
    }
  }

  /** Thrown with a one-line reason when a key or signature is not acceptable. */
  public static final class Refused extends IllegalArgumentException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code ssh-ed25519 AAAA… comment}; refuses anything else with the reason. The blob must
   * name the same type as the text and hold a 32-byte key.
   */
  public static Key parsePublicKey(String line) {
    if (line == null || line.isBlank()) {
      throw new Refused("no key");
    }
    String[] parts = line.strip().split("\\s+", 3);
    if (parts.length < 2) {
      throw new Refused("expected 'ssh-ed25519 AAAA… comment', found one word");
    }
    if (!parts[0].equals(ED25519)) {
      throw new Refused("only ssh-ed25519 keys are accepted, found " + parts[0]);
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new Refused("the key is not base64");
    }
    try {
      Reader reader = new Reader(blob);
      String type = reader.text();
      byte[] raw = reader.bytes();
      if (!type.equals(ED25519) || raw.length != 32 || reader.remaining() != 0) {
        throw new Refused("wrong type or length");
      }
    } catch (Refused e) {
      throw new Refused("the key blob is not an ssh-ed25519 key");
    }
    return new Key(ED25519, blob, parts.length == 3 ? parts[2] : "");
  }

  /** {@code SHA256:<base64 without padding>} of a key blob. */
  public static String fingerprint(byte[] blob) {
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha("SHA-256", blob));
  }

  /**
   * Checks that {@code armored} is an SSHSIG signature by {@code key} in the Greenlight namespace
   * over {@code message}, as {@code ssh-keygen -Y verify} would; throws {@link Refused} saying what
   * is wrong. Returns the signer's fingerprint.
   */
  public static String verify(Key key, byte[] message, String armored) {
    byte[] blob = dearmor(armored);
    Reader reader = new Reader(blob);
    byte[] magic = reader.raw(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new Refused("not an SSH signature");
    }
    int version = reader.uint32();
    if (version != 1) {
      throw new Refused("unsupported SSH signature version " + version);
    }
    byte[] signer = reader.bytes();
    String namespace = reader.text();
    byte[] reserved = reader.bytes();
    String hashAlgorithm = reader.text();
    byte[] signature = reader.bytes();
    if (reader.remaining() != 0) {
      throw new Refused("trailing bytes after the SSH signature");
    }
    if (!Arrays.equals(signer, key.blob())) {
      throw new Refused(
          "signed with key " + fingerprint(signer) + ", not with " + key.fingerprint());
    }
    if (!NAMESPACE.equals(namespace)) {
      throw new Refused("signed for namespace '" + namespace + "', not '" + NAMESPACE + "'");
    }
    String digestName =
        switch (hashAlgorithm) {
          case "sha512" -> "SHA-512";
          case "sha256" -> "SHA-256";
          default -> throw new Refused("unsupported signature hash " + hashAlgorithm);
        };
    Reader sig = new Reader(signature);
    String sigType = sig.text();
    byte[] sigBytes = sig.bytes();
    if (!ED25519.equals(sigType) || sigBytes.length != 64 || sig.remaining() != 0) {
      throw new Refused("not an ssh-ed25519 signature");
    }
    Writer signed = new Writer();
    signed.raw(MAGIC);
    signed.string(namespace.getBytes(StandardCharsets.UTF_8));
    signed.string(reserved);
    signed.string(hashAlgorithm.getBytes(StandardCharsets.UTF_8));
    signed.string(sha(digestName, message));
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initVerify(publicKey(key));
      ed25519.update(signed.toByteArray());
      if (!ed25519.verify(sigBytes)) {
        throw new Refused("the signature does not match what was signed");
      }
    } catch (GeneralSecurityException e) {
      throw new Refused("the signature cannot be checked: " + e.getMessage());
    }
    return key.fingerprint();
  }

  private static PublicKey publicKey(Key key) throws GeneralSecurityException {
    byte[] raw = new Reader(key.blob()).skipText().bytes();
    byte[] encoded = Arrays.copyOf(X509_ED25519, X509_ED25519.length + raw.length);
    System.arraycopy(raw, 0, encoded, X509_ED25519.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
  }

  private static byte[] dearmor(String armored) {
    if (armored == null || armored.isBlank()) {
      throw new Refused("no signature");
    }
    String text = armored.strip();
    String begin = "-----BEGIN SSH SIGNATURE-----";
    String end = "-----END SSH SIGNATURE-----";
    if (!text.startsWith(begin) || !text.endsWith(end)) {
      throw new Refused("not an armored SSH signature");
    }
    String body =
        text.substring(begin.length(), text.length() - end.length()).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new Refused("the signature is not base64");
    }
  }

  static byte[] sha(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  /** SSH wire format: uint32 big-endian, strings prefixed by their uint32 length. */
  private static final class Reader {
    private final ByteBuffer buffer;

    Reader(byte[] data) {
      buffer = ByteBuffer.wrap(data);
    }

    int remaining() {
      return buffer.remaining();
    }

    int uint32() {
      if (buffer.remaining() < 4) {
        throw new Refused("truncated SSH data");
      }
      return buffer.getInt();
    }

    byte[] raw(int length) {
      if (length < 0 || buffer.remaining() < length) {
        throw new Refused("truncated SSH data");
      }
      byte[] out = new byte[length];
      buffer.get(out);
      return out;
    }

    byte[] bytes() {
      return raw(uint32());
    }

    String text() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader skipText() {
      bytes();
      return this;
    }
  }

  private static final class Writer {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    void raw(byte[] data) {
      out.writeBytes(data);
    }

    void string(byte[] data) {
      out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
      out.writeBytes(data);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
