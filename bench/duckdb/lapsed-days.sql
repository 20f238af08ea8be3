-- bench/duckdb/lapsed-days.sql - DuckDB's answer to
--   crm-lapsed --days 90 --as-of 2025-06-30
-- on the DuckDB file that make bench loads from crm's database, as
-- bench/sql/lapsed-days.sql asks the sqlite3 shell: one GROUP BY per
-- customer over the purchases up to 2025-06-30, keeping those whose last
-- purchase (amount >= 0) is 90 days or more before it, not lost; the
-- usual_gap column left empty, as there (make bench compares the others).
-- Run by bench/duckdb.mjs, which prints what crm-lapsed prints.
SELECT c.id, c.name, k.name AS category,
       CAST(DATE '1970-01-01' + s.last AS VARCHAR) AS last_purchase,
       DATE '2025-06-30' - DATE '1970-01-01' - s.last AS days_silent,
       s.purchases,
       printf('%.2f', s.net / 100::DOUBLE) AS net, NULL AS usual_gap, c.status
  FROM (SELECT customer_id, max(CASE WHEN amount >= 0 THEN day END) AS last,
               count(CASE WHEN amount >= 0 THEN 1 END) AS purchases,
               sum(amount) AS net
          FROM purchase WHERE day <= DATE '2025-06-30' - DATE '1970-01-01'
         GROUP BY customer_id) s
  JOIN customer c ON c.id = s.customer_id
  JOIN category k ON k.id = c.category_id
 WHERE s.last <= DATE '2025-06-30' - DATE '1970-01-01' - 90
   AND (c.status = 'active'
        OR c.lost_day > DATE '2025-06-30' - DATE '1970-01-01')
 ORDER BY c.id;
