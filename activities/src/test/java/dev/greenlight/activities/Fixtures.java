package dev.greenlight.activities;

import java.sql.SQLException;

/** A small application schema with the awkward parts real ones have. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * Schema {@code menuca_v3}: {@code "Restaurants"} (mixed case, 3 rows, primary key), {@code
   * orders} (5 rows, primary key plus one index, row-level security with one policy), and {@code
   * order "items"} (a name with a space and quotes, 2 rows, no index). Schema {@code other}: {@code
   * ignored} (1 row), which a baseline of {@code menuca_v3} must not count.
   */
  public static void menuca(TestDatabase database) throws SQLException {
    database.execute(
        "create schema menuca_v3",
        "create table menuca_v3.\"Restaurants\" (id int primary key, name text)",
        "insert into menuca_v3.\"Restaurants\" select g, 'r' || g from generate_series(1, 3) g",
        "create table menuca_v3.orders (id int primary key, restaurant int, total numeric)",
        "create index orders_restaurant on menuca_v3.orders (restaurant)",
        "insert into menuca_v3.orders select g, g % 3 + 1, g * 10 from generate_series(1, 5) g",
        "alter table menuca_v3.orders enable row level security",
        "create policy orders_by_restaurant on menuca_v3.orders using (restaurant = 1)",
        "create table menuca_v3.\"order \"\"items\"\"\" (order_id int, sku text)",
        "insert into menuca_v3.\"order \"\"items\"\"\" values (1, 'a'), (2, 'b')",
        "create schema other",
        "create table other.ignored (id int primary key)",
        "insert into other.ignored values (1)");
  }
}
