package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checksum of a single-file archive is of the file as finished, even when its header was
 * rewritten in place after a poll had hashed it (as pg_dump's custom format does).
 */
class ArchiveHasherTest {

  @TempDir Path directory;

  @Test
  void aHeaderRewrittenInPlaceAfterAPollIsHashedAsFinished() throws Exception {
    Path archive = directory.resolve("archive.pgdump");
    Files.writeString(archive, "HEADER-0000 data one\n");
    ArchiveHasher hasher = new ArchiveHasher(archive);
    hasher.poll();
    Files.writeString(archive, "data two\n", StandardOpenOption.APPEND);
    try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
      file.write("HEADER-1234".getBytes(StandardCharsets.US_ASCII));
    }

    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
    assertThat(hasher.finish())
        .singleElement()
        .satisfies(f -> assertThat(f.sha256()).isEqualTo(expected));
  }
}
