package dev.greenlight.activities.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The backups in a directory, read from their manifests. Only complete backups have one, so a
 * half-written archive is never listed, verified or restored.
 */
public final class Catalog {

  /** A backup in the catalog: its directory and manifest. */
  public record Entry(Path directory, Manifest manifest) {
    public String id() {
      return manifest.backup().id();
    }

    public Instant finishedAt() {
      return manifest.backup().finishedAt();
    }
  }

  /** What a prune would delete and keep; {@code protectedEntry} is the newest verified backup. */
  public record PrunePlan(List<Entry> delete, List<Entry> keep, Entry protectedEntry) {}

  private Catalog() {}

  /** Every backup in {@code root}, newest first; unreadable manifests are skipped. */
  public static List<Entry> list(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : children.filter(Files::isDirectory).toList()) {
        Path manifest = child.resolve(Manifest.FILE);
        if (child.getFileName().toString().startsWith(".") || !Files.isRegularFile(manifest)) {
          continue;
        }
        try {
          entries.add(new Entry(child, Manifest.read(manifest)));
        } catch (IOException e) {
          // not a manifest Greenlight can read: not part of the catalog
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    entries.sort(Comparator.comparing(Entry::finishedAt).reversed());
    return entries;
  }

  public static Optional<Entry> find(Path root, String id) {
    return list(root).stream().filter(e -> e.id().equals(id)).findFirst();
  }

  static Optional<Manifest> findByKey(Path root, String key) {
    return list(root).stream()
        .map(Entry::manifest)
        .filter(m -> key.equals(m.idempotencyKey()))
        .findFirst();
  }

  /** Records a passed verification in the backup's manifest. */
  public static void markVerified(String manifestPath, Instant at) throws IOException {
    if (manifestPath == null) {
      return;
    }
    Path file = Path.of(manifestPath);
    if (Files.isRegularFile(file)) {
      Manifest.read(file).verified(at).write(file);
    }
  }

  /**
   * Which backups {@code --keep-last} and {@code --older-than} would delete (both given: only those
   * matching both). The newest verified backup is never deleted.
   */
  public static PrunePlan planPrune(Path root, Integer keepLast, Duration olderThan, Instant now) {
    List<Entry> entries = list(root);
    Entry newestVerified =
        entries.stream().filter(e -> e.manifest().verifiedAt() != null).findFirst().orElse(null);
    List<Entry> delete = new ArrayList<>();
    List<Entry> keep = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      boolean beyondKept = keepLast == null || i >= keepLast;
      boolean old = olderThan == null || entry.finishedAt().isBefore(now.minus(olderThan));
      if (beyondKept && old && entry != newestVerified) {
        delete.add(entry);
      } else {
        keep.add(entry);
      }
    }
    return new PrunePlan(delete, keep, newestVerified);
  }

  /** Deletes a backup: its archive (when it is inside the catalog) and its manifest. */
  public static void delete(Entry entry) throws IOException {
    Archives.deleteRecursively(entry.directory());
  }
}
