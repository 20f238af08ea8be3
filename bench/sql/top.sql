-- bench/sql/top.sql - the raw SQL baseline of
--   crm-top --percent 20 --period year --as-of 2025-06-30
-- on crm's own database (days are day numbers since 1970-01-01, money is
-- integer cents): the customers ranked by net revenue of the year to date,
-- best first, ties by id; the first ceil(N x 20 %) of the N with a value
-- above 0, with share and cumulative share of the total in percent.
-- INDEXED BY: a scan of crm's covering index purchase_customer
-- (customer_id, day, amount, cost, category_id), already in customer order.
-- On a database older than schema version 4 the planner chose the index
-- purchase_day and a table lookup per purchase of the year, 1.4x as long
-- at 10M purchases; version 4 has no such index, and the planner takes
-- purchase_customer itself.
-- Prints what crm-top prints, byte for byte:
--   sqlite3 crm.db < bench/sql/top.sql
.headers on
.mode tabs
WITH v(id, value) AS (
  SELECT customer_id, sum(amount) FROM purchase INDEXED BY purchase_customer
   WHERE day BETWEEN unixepoch('2025-01-01') / 86400
                 AND unixepoch('2025-06-30') / 86400
   GROUP BY customer_id HAVING sum(amount) > 0),
r AS (
  SELECT id, value, row_number() OVER w AS rank, sum(value) OVER w AS cum,
         sum(value) OVER () AS total, count(*) OVER () AS n
    FROM v WINDOW w AS (ORDER BY value DESC, id))
SELECT rank, r.id, c.name, k.name AS category,
       printf('%.2f', value / 100.0) AS value,
       printf('%.1f', round(1000.0 * value / total) / 10) AS share,
       printf('%.1f', round(1000.0 * cum / total) / 10) AS cum_share
  FROM r JOIN customer c ON c.id = r.id JOIN category k ON k.id = c.category_id
 WHERE rank <= ceil(n * 0.20)
 ORDER BY rank;
