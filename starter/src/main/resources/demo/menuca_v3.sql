-- The demo application: a food-ordering schema with the awkward parts real ones have
-- (a mixed-case table, row-level security, indexes), and enough rows to count.
create schema menuca_v3;

create table menuca_v3."Restaurants" (
  id integer primary key,
  name text not null,
  city text not null
);
insert into menuca_v3."Restaurants"
  select g, 'Restaurant ' || g, (array['Ottawa', 'Toronto', 'Montreal'])[1 + g % 3]
  from generate_series(1, 250) g;

create table menuca_v3.menu_items (
  id integer primary key,
  restaurant_id integer not null references menuca_v3."Restaurants" (id),
  name text not null,
  price_cents integer not null
);
create index menu_items_restaurant on menuca_v3.menu_items (restaurant_id);
insert into menuca_v3.menu_items
  select g, 1 + g % 250, 'Dish ' || g, 500 + (g * 37) % 3000
  from generate_series(1, 5000) g;

create table menuca_v3.orders (
  id bigint primary key,
  restaurant_id integer not null references menuca_v3."Restaurants" (id),
  placed_at timestamptz not null,
  total_cents integer not null
);
create index orders_restaurant_placed on menuca_v3.orders (restaurant_id, placed_at);
insert into menuca_v3.orders
  select g, 1 + g % 250, timestamptz '2026-01-01' + g * interval '7 minutes', 1000 + (g * 53) % 9000
  from generate_series(1, 20000) g;

create table menuca_v3.combo_groups (
  id integer primary key,
  restaurant_id integer not null references menuca_v3."Restaurants" (id),
  name text not null
);
insert into menuca_v3.combo_groups
  select g, 1 + g % 250, 'Combo ' || g
  from generate_series(1, 1000) g;

-- The bug the demo change fixes: only the first 200 combo groups got their items.
create table menuca_v3.combo_items (
  id bigint generated always as identity primary key,
  combo_group_id integer not null references menuca_v3.combo_groups (id),
  menu_item_id integer not null references menuca_v3.menu_items (id)
);
insert into menuca_v3.combo_items (combo_group_id, menu_item_id)
  select g, 1 + (g * 7 + k) % 5000
  from generate_series(1, 200) g, generate_series(1, 3) k;

alter table menuca_v3.orders enable row level security;
create policy orders_by_restaurant on menuca_v3.orders
  using (restaurant_id = current_setting('app.restaurant_id', true)::integer);

analyze;
