package dev.greenlight.activities.backup;

import dev.greenlight.workflows.activities.BackupCheck;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.OffsiteCopy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * The backup as this catalog holds it: an archive recorded inside the backup's directory is
     * resolved in this entry's directory, whatever absolute path the manifest recorded, so a
     * verification reads the copy in this catalog (a moved catalog still verifies; a tampered copy
     * fails even while the original path exists). An archive a {@code command} wrote elsewhere
     * keeps its recorded path.
     */
    public BackupResult backup() {
      BackupResult recorded = manifest.backup();
      String here = directory.resolve(Manifest.FILE).toString();
      if (recorded.location() == null || recorded.manifest() == null) {
        return recorded.relocated(recorded.location(), here);
      }
      Path recordedDirectory = Path.of(recorded.manifest()).getParent();
      Path location = Path.of(recorded.location());
      if (recordedDirectory == null || !location.startsWith(recordedDirectory)) {
        return recorded.relocated(recorded.location(), here);
      }
      return recorded.relocated(
          directory.resolve(recordedDirectory.relativize(location)).toString(), here);
    }

    public Instant finishedAt() {
      return manifest.backup().finishedAt();
    }
  }

  /**
   * What a prune would delete and keep, newest first; {@code protectedEntry} is the newest verified
   * backup; {@code decisions} say, for every backup, keep or delete and why.
   */
  public record PrunePlan(
      List<Entry> delete, List<Entry> keep, Entry protectedEntry, List<Decision> decisions) {}

  /** One backup's verdict, with the reasons {@link Retention} gave. */
  public record Decision(Entry entry, boolean keep, String reason) {}

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
    markVerified(manifestPath, at, false, null);
  }

  /**
   * Records a passed verification (with a restore test or not) in the backup's manifest and, with a
   * {@code pinReason}, pins it: a deployment's way back is kept until unpinned on purpose.
   */
  public static void markVerified(
      String manifestPath, Instant at, boolean restoreTested, String pinReason) throws IOException {
    if (manifestPath == null) {
      return;
    }
    Path file = Path.of(manifestPath);
    if (Files.isRegularFile(file)) {
      Manifest manifest =
          Manifest.read(file)
              .checked(
                  new BackupCheck(
                      at,
                      true,
                      BackupCheck.LOCAL,
                      null,
                      restoreTested ? "verified with a restore test" : "verified"))
              .verified(at, restoreTested);
      if (pinReason != null && manifest.pin() == null) {
        manifest = manifest.pinned(new Manifest.Pin(pinReason, at));
      }
      manifest.write(file);
    }
  }

  /**
   * Records a check as the backup's latest (an atomic rewrite of its manifest: a crash leaves the
   * old manifest or the new one; recording the same check twice gives the same manifest).
   */
  public static Manifest recordCheck(Path manifestFile, BackupCheck check) throws IOException {
    Manifest manifest = Manifest.read(manifestFile).checked(check);
    manifest.write(manifestFile);
    return manifest;
  }

  /** Records a verified off-site copy in the backup's manifest; returns the backup with it. */
  public static BackupResult recordOffsite(Path manifestFile, OffsiteCopy copy) throws IOException {
    Manifest manifest = Manifest.read(manifestFile);
    BackupResult backup = manifest.backup().withOffsite(copy);
    manifest.withBackup(backup).write(manifestFile);
    return backup;
  }

  /** Pins a backup: no prune deletes it until it is unpinned. */
  public static Entry pin(Path root, String id, String reason, Instant at) throws IOException {
    Entry entry = find(root, id).orElseThrow(() -> new NoSuchFileException("no backup " + id));
    Manifest pinned = entry.manifest().pinned(new Manifest.Pin(reason, at));
    pinned.write(entry.directory().resolve(Manifest.FILE));
    return new Entry(entry.directory(), pinned);
  }

  /** Unpins a backup; from then on the retention policy decides. */
  public static Entry unpin(Path root, String id) throws IOException {
    Entry entry = find(root, id).orElseThrow(() -> new NoSuchFileException("no backup " + id));
    Manifest unpinned = entry.manifest().pinned(null);
    unpinned.write(entry.directory().resolve(Manifest.FILE));
    return new Entry(entry.directory(), unpinned);
  }

  /**
   * Which backups {@code --keep-last} and {@code --older-than} would delete (both given: only those
   * matching both). The invariants of {@link Retention} hold: pinned, newest verified and newest
   * restore-tested backups are kept.
   */
  public static PrunePlan planPrune(Path root, Integer keepLast, Duration olderThan, Instant now) {
    return planPrune(root, RetentionPolicy.of(keepLast, olderThan), Set.of(), now);
  }

  /**
   * What {@code policy} keeps and deletes in {@code root}. {@code held} are backups referenced by
   * open rollback gates. {@code .partial-*} directories (backups being taken) are not part of the
   * catalog, so never pruned.
   */
  public static PrunePlan planPrune(
      Path root, RetentionPolicy policy, Set<String> held, Instant now) {
    List<Entry> entries = list(root);
    Map<Retention.Candidate, Entry> byCandidate = new IdentityHashMap<>();
    for (Entry entry : entries) {
      byCandidate.put(candidate(entry), entry);
    }
    List<Retention.Decision> decided =
        Retention.decide(new ArrayList<>(byCandidate.keySet()), policy, held, now);
    List<Entry> delete = new ArrayList<>();
    List<Entry> keep = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    for (Retention.Decision decision : decided) {
      Entry entry = byCandidate.get(decision.backup());
      (decision.keep() ? keep : delete).add(entry);
      decisions.add(new Decision(entry, decision.keep(), decision.reason()));
    }
    Entry newestVerified =
        keep.stream()
            .filter(e -> e.manifest().verifiedAt() != null && !e.manifest().failed())
            .findFirst()
            .orElse(null);
    return new PrunePlan(delete, keep, newestVerified, decisions);
  }

  static Retention.Candidate candidate(Entry entry) {
    Manifest m = entry.manifest();
    return new Retention.Candidate(
        entry.id(),
        entry.finishedAt(),
        m.verifiedAt() != null && !m.failed(),
        m.restoreTestedAt() != null && !m.failed(),
        m.pin() != null,
        m.pin() == null ? null : m.pin().reason());
  }

  /**
   * Deletes a backup: its archive (when it is inside the catalog) and its manifest. The directory
   * is first moved aside and its manifest read again, so a backup pinned since the plan was made (a
   * deployment verified it meanwhile) is put back, not deleted.
   *
   * @return false when the backup was pinned meanwhile and kept
   */
  public static boolean delete(Entry entry) throws IOException {
    Path aside = entry.directory().resolveSibling(".pruning-" + entry.directory().getFileName());
    Files.move(entry.directory(), aside, StandardCopyOption.ATOMIC_MOVE);
    Path manifest = aside.resolve(Manifest.FILE);
    if (Files.isRegularFile(manifest) && Manifest.read(manifest).pin() != null) {
      Files.move(aside, entry.directory(), StandardCopyOption.ATOMIC_MOVE);
      return false;
    }
    Archives.deleteRecursively(aside);
    return true;
  }
}
