-- bench/sql/top-all.sql - the raw SQL baseline of
--   crm-top --percent 20 --as-of 2025-06-30
-- on crm's own database: as bench/sql/top.sql, but over all time (every
-- purchase up to 2025-06-30, as crm-top ranks without --period): the
-- customers ranked by net revenue, best first, ties by id; the first
-- ceil(N x 20 %) of the N with a value above 0, with share and cumulative
-- share of the total in percent.  The covering index purchase_customer
-- (customer_id, day, amount, ...) is already in customer order, so the
-- GROUP BY needs no sort.
-- Prints what crm-top prints, byte for byte:
--   sqlite3 crm.db < bench/sql/top-all.sql
.headers on
.mode tabs
WITH v(id, value) AS (
  SELECT customer_id, sum(amount) FROM purchase INDEXED BY purchase_customer
   WHERE day <= unixepoch('2025-06-30') / 86400
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
