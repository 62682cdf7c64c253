package dev.greenlight.workflows.status;

/**
 * PostgreSQL's cumulative per-table statistics ({@code pg_stat_user_tables}: {@code n_tup_ins},
 * {@code n_tup_upd}, {@code n_tup_del}) for one table at one moment; or, as a difference of two
 * readings, the rows inserted, updated and deleted between them.
 */
public record RowCounters(String schema, String table, long inserted, long updated, long deleted) {

  /** The rows written between {@code before} and this reading (0 where the counters went back). */
  public RowCounters since(RowCounters before) {
    if (before == null) {
      return this;
    }
    return new RowCounters(
        schema,
        table,
        Math.max(0, inserted - before.inserted),
        Math.max(0, updated - before.updated),
        Math.max(0, deleted - before.deleted));
  }

  public long total() {
    return inserted + updated + deleted;
  }

  public String qualifiedName() {
    return schema + "." + table;
  }
}
