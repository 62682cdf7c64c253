package dev.greenlight.activities.backup;

import dev.greenlight.workflows.status.BackupFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SHA-256 of every file of an archive, computed while the files are written: each poll reads only
 * the bytes appended since the last one, so the checksum costs a second read of data that is still
 * in the page cache, overlapped with the dump. A file that shrinks (rewritten from the start) is
 * hashed again from its beginning.
 *
 * <p>A single-file archive (pg_dump's custom format) is hashed once, when it is finished: written
 * to a seekable file, pg_dump goes back at the end and rewrites its table of contents at the start
 * of the file with the data offsets, in place and at the same size, which no appended-bytes hash
 * can see. Polls then only follow its size, for progress.
 */
final class ArchiveHasher {

  private static final int CHUNK = 1 << 20;

  private final Path root;
  private final Map<String, Progress> files = new TreeMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);

  private static final class Progress {
    MessageDigest digest = sha256();
    long offset;
  }

  /**
   * @param root a file (single-file archive) or a directory (its files, recursively)
   */
  ArchiveHasher(Path root) {
    this.root = root;
  }

  /** Reads what was appended since the last poll. */
  void poll() {
    try {
      if (Files.isRegularFile(root)) {
        files.computeIfAbsent(root.getFileName().toString(), key -> new Progress()).offset =
            Files.size(root);
      } else if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path file : walk.filter(Files::isRegularFile).toList()) {
            update(root.relativize(file).toString(), file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Total bytes hashed so far. */
  long bytes() {
    return files.values().stream().mapToLong(p -> p.offset).sum();
  }

  /** Hashes what is left and returns every file, sorted by path. */
  List<BackupFile> finish() {
    if (Files.isRegularFile(root)) {
      files.clear();
      try {
        update(root.getFileName().toString(), root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      poll();
    }
    List<BackupFile> result = new ArrayList<>();
    files.forEach(
        (path, progress) ->
            result.add(
                new BackupFile(
                    path, progress.offset, HexFormat.of().formatHex(progress.digest.digest()))));
    files.clear();
    return result;
  }

  private void update(String name, Path file) throws IOException {
    Progress progress = files.computeIfAbsent(name, key -> new Progress());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < progress.offset) {
        progress.digest = sha256();
        progress.offset = 0;
      }
      channel.position(progress.offset);
      while (progress.offset < size) {
        buffer.clear();
        int read = channel.read(buffer);
        if (read <= 0) {
          break;
        }
        buffer.flip();
        progress.digest.update(buffer);
        progress.offset += read;
      }
    }
  }

  /** The archive's one checksum: the file's own for one file, else of the sorted list. */
  static String archiveChecksum(List<BackupFile> files) {
    if (files.size() == 1) {
      return files.get(0).sha256();
    }
    MessageDigest digest = sha256();
    for (BackupFile file : files) {
      digest.update((file.sha256() + "  " + file.path() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Hashes files in one pass, for verification. */
  static List<BackupFile> hashNow(Path root) {
    ArchiveHasher hasher = new ArchiveHasher(root);
    return hasher.finish();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
