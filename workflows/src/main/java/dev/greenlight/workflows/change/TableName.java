package dev.greenlight.workflows.change;

import java.util.ArrayList;
import java.util.List;

/**
 * A table as a plan names it: {@code schema.table} (split at the first dot; no dot means {@code
 * public}), or already-quoted SQL such as {@code "odd.schema"."T"}. Pure.
 */
public record TableName(String schema, String table) {

  public static TableName parse(String reference) {
    if (reference.indexOf('"') < 0) {
      int dot = reference.indexOf('.');
      return dot < 0
          ? new TableName("public", reference)
          : new TableName(reference.substring(0, dot), reference.substring(dot + 1));
    }
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < reference.length(); i++) {
      char c = reference.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < reference.length() && reference.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          part.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '.') {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    if (quoted || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("cannot read the table name " + reference);
    }
    return parts.size() == 1
        ? new TableName("public", parts.get(0))
        : new TableName(parts.get(0), parts.get(1));
  }

  /** {@code schema.table}, as reports show it. */
  @Override
  public String toString() {
    return schema + "." + table;
  }
}
