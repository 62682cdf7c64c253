-- Ticket 10: purge the test orders of restaurant 250 (its test account), declared as 80 rows.
-- The bug the rollback demo shows: OR where AND was meant, so every cheap order goes too.
delete from menuca_v3.orders
where restaurant_id = 250
   or total_cents < 1100;
