-- bench/duckdb/rfm-summary.sql - DuckDB's answer to
--   crm-rfm --summary --as-of 2025-06-30
-- on the DuckDB file that make bench loads from crm's database, as
-- bench/sql/rfm-summary.sql asks the sqlite3 shell: per customer who
-- bought (an amount >= 0), recency, frequency (purchase days) and
-- monetary (net); each scored 1 to 5 by crm's quintiles,
-- 1 + floor(5 x (RANK - 1) / N) worst first (// is DuckDB's integer
-- division), the code matched against crm's default segment map, first
-- match wins; customers and net per segment.
-- Run by bench/duckdb.mjs, which prints what crm-rfm prints.
WITH s AS (
  SELECT customer_id AS id,
         DATE '2025-06-30' - DATE '1970-01-01'
           - max(CASE WHEN amount >= 0 THEN day END) AS recency,
         count(DISTINCT CASE WHEN amount >= 0 THEN day END) AS frequency,
         sum(amount) AS monetary
    FROM purchase WHERE day <= DATE '2025-06-30' - DATE '1970-01-01'
   GROUP BY customer_id HAVING frequency > 0),
q AS (
  SELECT monetary,
         concat(1 + 5 * (rank() OVER (ORDER BY recency DESC) - 1)
                  // count(*) OVER (),
                1 + 5 * (rank() OVER (ORDER BY frequency) - 1)
                  // count(*) OVER (),
                1 + 5 * (rank() OVER (ORDER BY monetary) - 1)
                  // count(*) OVER ()) AS code
    FROM s),
g AS (
  SELECT CASE WHEN code GLOB '[45][45][45]' THEN 1
              WHEN code GLOB '[345][345]?' THEN 2
              WHEN code GLOB '[45][12]?' THEN 3
              WHEN code GLOB '3[12]?' THEN 4
              WHEN code GLOB '[12][345]?' THEN 5
              WHEN code GLOB '2[12]?' THEN 6
              WHEN code GLOB '1[12]?' THEN 7 END AS k,
         count(*) AS customers, sum(monetary) AS net
    FROM q GROUP BY k),
m(k, segment) AS (
  VALUES (1, 'champions'), (2, 'loyal'), (3, 'promising'),
         (4, 'needs-attention'), (5, 'at-risk'), (6, 'hibernating'),
         (7, 'lost'))
SELECT m.segment, coalesce(g.customers, 0) AS customers,
       printf('%.2f', coalesce(g.net, 0) / 100::DOUBLE) AS net
  FROM m LEFT JOIN g USING (k) ORDER BY m.k;
