package dev.greenlight.workflows.status;

/**
 * How a backup is encrypted at rest: the id of the Tink key that encrypted it (the keyset's primary
 * key then), the algorithm, where the keyset is read from ({@code env:NAME} or {@code file:PATH},
 * never the key itself) and the SHA-256 of the ciphertext as written.
 */
public record BackupEncryption(
    String keyId, String algorithm, String keyset, String ciphertextSha256) {}
