package dev.greenlight.workflows.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What a gate's approvers vouch for, pinned by one digest: the plan, the target database's
 * identity, the latest baseline and the verified backup, as far as they exist when the gate opens
 * (null: not yet known). {@code digest} is {@code sha256:<hex>} over the canonical text of the
 * lines; a decision names the digest its maker saw.
 */
public record Evidence(
    String digest, String plan, String database, String baseline, String backup) {

  /** The first 12 hex digits, for people: {@code sha256:3f2a9c01b7d4}. */
  public String shortDigest() {
    return shorten(digest);
  }

  public static String shorten(String digest) {
    return digest == null ? null : digest.substring(0, Math.min(digest.length(), 19));
  }

  /** What the digest covers, one item a line. */
  public List<String> covers() {
    List<String> lines = new ArrayList<>();
    if (plan != null) {
      lines.add("plan " + plan);
    }
    if (database != null) {
      lines.add("database " + database);
    }
    if (baseline != null) {
      lines.add("baseline " + baseline);
    }
    if (backup != null) {
      lines.add("backup " + backup);
    }
    return lines;
  }

  /** What changed from {@code before} to this, in words: "backup X was replaced by Y". */
  public String changesSince(Evidence before) {
    List<String> changes = new ArrayList<>();
    change(changes, "the plan", before.plan, plan);
    change(changes, "the database", before.database, database);
    change(changes, "the baseline", before.baseline, baseline);
    change(changes, "the backup", before.backup, backup);
    return changes.isEmpty() ? "nothing it covers changed" : String.join("; ", changes);
  }

  private static void change(List<String> changes, String what, String was, String now) {
    if (java.util.Objects.equals(was, now)) {
      return;
    }
    if (was == null) {
      changes.add(what + " " + now + " was added");
    } else if (now == null) {
      changes.add(what + " " + was + " is gone");
    } else {
      changes.add(what + " " + was + " was replaced by " + now);
    }
  }
}
