-- bench/duckdb/top-all.sql - DuckDB's answer to
--   crm-top --percent 20 --as-of 2025-06-30
-- on the DuckDB file that make bench loads from crm's database, as
-- bench/sql/top-all.sql asks the sqlite3 shell: net revenue of all time
-- (every purchase up to 2025-06-30) per customer, ranked best first (ties
-- by id) with window functions, the first ceil(N x 20 %) of the N with a
-- value above 0, with share and cumulative share in percent; in DuckDB's
-- dialect (day numbers from DATE differences, DOUBLE divisions as
-- SQLite's).
-- Run by bench/duckdb.mjs, which prints what crm-top prints.
WITH v(id, value) AS (
  SELECT customer_id, sum(amount) FROM purchase
   WHERE day <= DATE '2025-06-30' - DATE '1970-01-01'
   GROUP BY customer_id HAVING sum(amount) > 0),
r AS (
  SELECT id, value, row_number() OVER w AS rank, sum(value) OVER w AS cum,
         sum(value) OVER () AS total, count(*) OVER () AS n
    FROM v WINDOW w AS (ORDER BY value DESC, id))
SELECT rank, r.id, c.name, k.name AS category,
       printf('%.2f', value / 100::DOUBLE) AS value,
       printf('%.1f', round(1000 * value / total::DOUBLE) / 10) AS share,
       printf('%.1f', round(1000 * cum / total::DOUBLE) / 10) AS cum_share
  FROM r JOIN customer c ON c.id = r.id JOIN category k ON k.id = c.category_id
 WHERE rank <= ceil(n * 0.20)
 ORDER BY rank;
