-- Ticket 07: indexes for the menu and combo lookups. CONCURRENTLY, so production keeps writing
-- while they build (Flyway runs this file outside a transaction).
create index concurrently if not exists combo_items_group
  on menuca_v3.combo_items (combo_group_id);
create index concurrently if not exists combo_groups_restaurant
  on menuca_v3.combo_groups (restaurant_id);
create index concurrently if not exists menu_items_restaurant_name
  on menuca_v3.menu_items (restaurant_id, name);
