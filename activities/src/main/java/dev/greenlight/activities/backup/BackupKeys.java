package dev.greenlight.activities.backup;

import static dev.greenlight.workflows.activities.BackupActivities.KEY_UNAVAILABLE;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.status.BackupEncryption;
import dev.greenlight.workflows.status.BackupResult;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Encryption keys for backups: a Tink keyset (JSON) read on the worker from an environment variable
 * or a file, never from the plan or the history. Archives are encrypted with Tink's streaming AEAD,
 * AES-GCM-HKDF: each ciphertext starts with a random salt and nonce prefix from which a fresh AES
 * key is derived (HKDF) for that file alone, so every backup has its own data key and the keyset's
 * key only ever derives. The backup id and the file's path are the associated data, so a file
 * cannot be swapped into another backup unnoticed.
 */
public final class BackupKeys {

  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final UnaryOperator<String> environment;

  /**
   * @param environment the worker's environment variables ({@code System::getenv})
   */
  public BackupKeys(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** A keyset loaded from {@code source} ({@code env:NAME} or {@code file:PATH}). */
  public Keyset load(String source) {
    EncryptSpec spec = EncryptSpec.ofSource(source);
    String json;
    if (spec.keysetEnv() != null) {
      json = environment.apply(spec.keysetEnv());
      if (json == null || json.isBlank()) {
        throw unavailable(
            "the encryption keyset variable "
                + spec.keysetEnv()
                + " is not set on the worker (greenlight keys new makes one)");
      }
    } else {
      try {
        json = Files.readString(Path.of(spec.keysetFile()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw unavailable(
            "cannot read the encryption keyset file " + spec.keysetFile() + ": " + e.getMessage());
      }
    }
    KeysetHandle handle;
    try {
      handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw unavailable("the encryption keyset in " + source + " is not a Tink keyset (JSON)");
    }
    try {
      return new Keyset(source, handle);
    } catch (GeneralSecurityException e) {
      throw unavailable("cannot use the keyset in " + source + ": " + e.getMessage());
    }
  }

  /** A keyset and the streaming AEAD it makes. */
  public static final class Keyset {
    private final String source;
    private final KeysetHandle handle;
    private final StreamingAead aead;

    Keyset(String source, KeysetHandle handle) throws GeneralSecurityException {
      this.source = source;
      this.handle = handle;
      if (!(handle.getPrimary().getKey().getParameters()
          instanceof AesGcmHkdfStreamingParameters)) {
        throw unavailable(
            "the primary key of the keyset in "
                + source
                + " is not an AES-GCM-HKDF streaming key (greenlight keys new makes one)");
      }
      this.aead = handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    /** The id of the key new backups are encrypted with (unsigned decimal). */
    public String primaryKeyId() {
      return Integer.toUnsignedString(handle.getPrimary().getId());
    }

    /** Every key id in the keyset. */
    public List<String> keyIds() {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < handle.size(); i++) {
        ids.add(Integer.toUnsignedString(handle.getAt(i).getId()));
      }
      return ids;
    }

    /** The primary key's algorithm, e.g. {@code AES256_GCM_HKDF_1MB} (Tink streaming AEAD). */
    public String algorithm() {
      AesGcmHkdfStreamingParameters p =
          (AesGcmHkdfStreamingParameters) handle.getPrimary().getKey().getParameters();
      int segment = p.getCiphertextSegmentSizeBytes();
      return "AES"
          + p.getKeySizeBytes() * 8
          + "_GCM_HKDF_"
          + (segment % (1 << 20) == 0
              ? segment / (1 << 20) + "MB"
              : segment % 1024 == 0 ? segment / 1024 + "KB" : segment + "B");
    }

    public String source() {
      return source;
    }

    /** Encrypts what is written to the returned stream into {@code ciphertext}. */
    public OutputStream encrypt(OutputStream ciphertext, String backupId, String path)
        throws IOException {
      try {
        return aead.newEncryptingStream(ciphertext, associatedData(backupId, path));
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot start encrypting " + path + ": " + e.getMessage(), e);
      }
    }

    /**
     * Decrypts {@code ciphertext}, a file of backup {@code backupId} encrypted as {@code
     * encryption} says. Fails first, naming the key, when this keyset lacks the key it needs; a
     * damaged ciphertext fails on read with an IOException.
     */
    public InputStream decrypt(
        InputStream ciphertext, String backupId, BackupEncryption encryption, String path)
        throws IOException {
      if (!keyIds().contains(encryption.keyId())) {
        throw unavailable(
            "backup "
                + backupId
                + " was encrypted with key id "
                + encryption.keyId()
                + " ("
                + encryption.algorithm()
                + "), which the keyset in "
                + source
                + " does not hold (it holds "
                + String.join(", ", keyIds())
                + ")");
      }
      try {
        return aead.newDecryptingStream(ciphertext, associatedData(backupId, path));
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot start decrypting " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The plaintext of an encrypted single-file archive, decrypted as it is read. Fails naming the
   * key when the keyset lacks it; a damaged file fails on read with an IOException.
   */
  public InputStream openArchive(BackupResult backup) throws IOException {
    BackupEncryption encryption = backup.encryption();
    Keyset keyset = load(encryption.keyset());
    Path file = Path.of(backup.location());
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
    try {
      return keyset.decrypt(raw, backup.id(), encryption, file.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  static byte[] associatedData(String backupId, String path) {
    return ("greenlight-backup:" + backupId + ":" + path).getBytes(StandardCharsets.UTF_8);
  }

  static ApplicationFailure unavailable(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, KEY_UNAVAILABLE);
  }
}
