package dev.greenlight.activities;

/** SQL identifiers from plans, quoted so that mixed-case and odd names mean what they say. */
public final class Identifiers {

  private Identifiers() {}

  /** {@code My "odd" Table} becomes {@code "My ""odd"" Table"}. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** {@code schema} and {@code table} as one quoted SQL name: {@code "schema"."table"}. */
  public static String qualified(String schema, String table) {
    return quote(schema) + '.' + quote(table);
  }

  /**
   * A plan's table reference as SQL: written already quoted ({@code "A.b"."C"}) it is taken as is;
   * otherwise {@code schema.table}, split at the first dot, each part quoted.
   */
  public static String tableReference(String reference) {
    if (reference.indexOf('"') >= 0) {
      return reference;
    }
    int dot = reference.indexOf('.');
    return dot < 0
        ? qualified("public", reference)
        : qualified(reference.substring(0, dot), reference.substring(dot + 1));
  }
}
