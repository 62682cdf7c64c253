package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom-format archive is rewritten in place at its start when pg_dump closes it (the table of
 * contents gets its data offsets); its checksum is of the finished file, not of what a poll saw.
 */
class ArchiveHasherTest {

  @TempDir Path directory;

  @Test
  void aSingleFileRewrittenInPlaceIsHashedAsFinished() throws Exception {
    Path archive = directory.resolve("archive.pgdump");
    byte[] content = new byte[3 << 20];
    new Random(7).nextBytes(content);
    Files.write(archive, content);
    ArchiveHasher hasher = new ArchiveHasher(archive);
    hasher.poll();
    assertThat(hasher.bytes()).isEqualTo(content.length);

    try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
      file.seek(100);
      file.write(new byte[] {1, 2, 3, 4});
    }

    assertThat(hasher.finish()).isEqualTo(ArchiveHasher.hashNow(archive));
  }
}
