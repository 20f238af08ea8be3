-- bench/sql/habits-item.sql - the raw SQL baseline of
--   crm-habits --item scarf --since 2025-01-01 --as-of 2025-06-30
-- on crm's own database: the customers who bought a scarf (amount >= 0)
-- from 2025-01-01 to 2025-06-30, with the number of those purchases and
-- the last one, by id.  The planner finds the rows with a search of crm's
-- partial index purchase_item on the item (and, since its columns became
-- item, day, customer_id, amount, on the range of days too).  Prints what
-- crm-habits prints, byte for byte.
.headers on
.mode tabs
SELECT p.customer_id AS id, c.name, 'scarf' AS items, count(*) AS purchases,
       date(max(p.day) * 86400, 'unixepoch') AS last_purchase
  FROM purchase p JOIN customer c ON c.id = p.customer_id
 WHERE p.item = 'scarf' AND p.amount >= 0
   AND p.day BETWEEN unixepoch('2025-01-01') / 86400
                 AND unixepoch('2025-06-30') / 86400
 GROUP BY p.customer_id
 ORDER BY p.customer_id;
