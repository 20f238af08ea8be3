-- bench/duckdb/lapsed-auto.sql - DuckDB's answer to
--   crm-lapsed --auto --as-of 2025-06-30        (--factor 3)
-- on the DuckDB file that make bench loads from crm's database, as
-- bench/sql/lapsed-auto.sql asks the sqlite3 shell: the customers with at
-- least two purchase days whose silence up to 2025-06-30 is more than 3
-- times their usual gap, the median of the days between consecutive
-- distinct purchase days (LAG, then DuckDB's own median aggregate, which
-- averages the middle two as the sqlite3 side does by ROW_NUMBER); not
-- lost.  The gap prints as crm prints it: an integer without a fraction,
-- else the half (a median of integers is a whole or a half day).
-- Run by bench/duckdb.mjs, which prints what crm-lapsed prints.
WITH d AS (
  SELECT customer_id AS id,
         day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
    FROM (SELECT DISTINCT customer_id, day FROM purchase
           WHERE amount >= 0
             AND day <= DATE '2025-06-30' - DATE '1970-01-01')),
med AS (
  SELECT id, median(gap) AS gap FROM d WHERE gap IS NOT NULL GROUP BY id),
s AS (
  SELECT customer_id AS id, max(CASE WHEN amount >= 0 THEN day END) AS last,
         count(CASE WHEN amount >= 0 THEN 1 END) AS purchases,
         sum(amount) AS net
    FROM purchase WHERE day <= DATE '2025-06-30' - DATE '1970-01-01'
   GROUP BY customer_id)
SELECT c.id, c.name, k.name AS category,
       CAST(DATE '1970-01-01' + s.last AS VARCHAR) AS last_purchase,
       DATE '2025-06-30' - DATE '1970-01-01' - s.last AS days_silent,
       s.purchases,
       printf('%.2f', s.net / 100::DOUBLE) AS net,
       CASE WHEN med.gap = floor(med.gap)
            THEN CAST(CAST(med.gap AS BIGINT) AS VARCHAR)
            ELSE CAST(med.gap AS VARCHAR) END AS usual_gap,
       c.status
  FROM med JOIN s ON s.id = med.id
  JOIN customer c ON c.id = med.id
  JOIN category k ON k.id = c.category_id
 WHERE DATE '2025-06-30' - DATE '1970-01-01' - s.last > 3 * med.gap
   AND (c.status = 'active'
        OR c.lost_day > DATE '2025-06-30' - DATE '1970-01-01')
 ORDER BY c.id;
