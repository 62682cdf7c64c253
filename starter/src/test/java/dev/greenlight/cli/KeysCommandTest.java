package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.backup.BackupKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keys new} prints a keyset the worker can encrypt with; {@code keys rotate} adds a key that
 * becomes the primary and keeps the old ones; a file that is not a keyset is refused.
 */
class KeysCommandTest {

  @TempDir Path directory;

  @Test
  void newThenRotateKeepsTheOldKeysAndMakesTheNewOnePrimary() throws Exception {
    Cli created = Cli.run("keys", "new");
    assertThat(created.code()).as(created.err()).isZero();
    String keyset = created.out().strip();
    BackupKeys.Keyset first = load(keyset);
    assertThat(first.algorithm()).isEqualTo("AES256_GCM_HKDF_1MB");
    assertThat(created.err())
        .startsWith("new keyset, primary key " + first.primaryKeyId() + " (AES256_GCM_HKDF_1MB)");

    Path file = Files.writeString(directory.resolve("keyset.json"), keyset);
    Cli rotated = Cli.run("keys", "rotate", "--file", file.toString());

    assertThat(rotated.code()).as(rotated.err()).isZero();
    BackupKeys.Keyset second = load(rotated.out().strip());
    assertThat(second.primaryKeyId()).isNotEqualTo(first.primaryKeyId());
    assertThat(second.keyIds()).containsExactly(first.primaryKeyId(), second.primaryKeyId());
    assertThat(rotated.err())
        .isEqualTo(
            "added key "
                + second.primaryKeyId()
                + " as the primary; kept "
                + first.primaryKeyId()
                + " so older backups still restore\n");

    Files.writeString(file, rotated.out());
    Cli ids = Cli.run("keys", "ids", "--file", file.toString());
    assertThat(ids.out())
        .isEqualTo(
            first.primaryKeyId() + " ENABLED\n" + second.primaryKeyId() + " primary ENABLED\n");
  }

  @Test
  void somethingElseIsNotAKeyset() throws Exception {
    Path file = Files.writeString(directory.resolve("keyset.json"), "{\"not\": \"a keyset\"}");

    Cli rotated = Cli.run("keys", "rotate", "--file", file.toString());

    assertThat(rotated.code()).isEqualTo(2);
    assertThat(rotated.err()).isEqualTo("greenlight: " + file + " holds no Tink keyset (JSON)\n");
    assertThat(rotated.out()).isEmpty();
  }

  private static BackupKeys.Keyset load(String json) {
    return new BackupKeys(Map.of("K", json)::get).load("env:K");
  }
}
