-- bench/sql/habits-item.sql - the raw SQL baseline of
--   crm-habits --item scarf --since 2025-01-01 --as-of 2025-06-30
-- on crm's own database: the customers who bought a scarf (amount >= 0)
-- from 2025-01-01 to 2025-06-30, with the number of those purchases and
-- the last one, by id.  The planner finds the rows with a search of crm's
-- partial index purchase_item on the item (and, since its columns became
-- item, day, customer_id, amount, on the range of days too).  The name
-- comes from a subquery, read once a buyer after the grouping: a join
-- reads it once a purchase, 1.7x as long at 10M purchases (grouping
-- first in a subquery and joining after is as fast as this).  Prints
-- what crm-habits prints, byte for byte.
.headers on
.mode tabs
SELECT customer_id AS id,
       (SELECT name FROM customer WHERE id = customer_id) AS name,
       'scarf' AS items, count(*) AS purchases,
       date(max(day) * 86400, 'unixepoch') AS last_purchase
  FROM purchase
 WHERE item = 'scarf' AND amount >= 0
   AND day BETWEEN unixepoch('2025-01-01') / 86400
               AND unixepoch('2025-06-30') / 86400
 GROUP BY customer_id
 ORDER BY customer_id;
