package dev.greenlight.activities.backup;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;
import java.util.Map;

/** Keysets for tests, made as {@code greenlight keys new|rotate} make them. */
final class Keysets {

  static final String VARIABLE = "GL_TEST_KEYSET";

  private Keysets() {}

  static String fresh() throws GeneralSecurityException {
    StreamingAeadConfig.register();
    return TinkJsonProtoKeysetFormat.serializeKeyset(
        KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
        InsecureSecretKeyAccess.get());
  }

  /** {@code keyset} with one more key, which becomes the primary. */
  static String rotated(String keyset) throws GeneralSecurityException {
    KeysetHandle handle =
        TinkJsonProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get());
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
    builder.addEntry(
        KeysetHandle.generateEntryFromParameters(
                PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
            .withRandomId()
            .makePrimary());
    return TinkJsonProtoKeysetFormat.serializeKeyset(
        builder.build(), InsecureSecretKeyAccess.get());
  }

  /** Keys that read {@link #VARIABLE} as {@code keyset} (null: not set). */
  static BackupKeys keys(String keyset) {
    Map<String, String> environment = keyset == null ? Map.of() : Map.of(VARIABLE, keyset);
    return new BackupKeys(environment::get);
  }
}
