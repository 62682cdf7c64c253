-- Ticket 08: row-level security, one restaurant's rows per session (app.restaurant_id).
alter table menuca_v3.menu_items enable row level security;
create policy menu_items_by_restaurant on menuca_v3.menu_items
  using (restaurant_id = current_setting('app.restaurant_id', true)::integer);

alter table menuca_v3.combo_groups enable row level security;
create policy combo_groups_by_restaurant on menuca_v3.combo_groups
  using (restaurant_id = current_setting('app.restaurant_id', true)::integer);
