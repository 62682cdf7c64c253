-- Ticket 09: the combo fix. Every combo group without items gets its three items.
insert into menuca_v3.combo_items (combo_group_id, menu_item_id)
select g.id, 1 + (g.id * 7 + k) % 5000
from menuca_v3.combo_groups g
cross join generate_series(1, 3) k
where not exists (
  select 1 from menuca_v3.combo_items i where i.combo_group_id = g.id
);
