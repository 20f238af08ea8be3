-- bench/duckdb/value-category.sql - DuckDB's answer to
--   crm-value --by category --period year --as-of 2025-06-30
-- on the DuckDB file that make bench loads from crm's database, as
-- bench/sql/value-category.sql asks the sqlite3 shell (its comments say
-- how the answer is defined and which short cuts this data allows), in
-- DuckDB's dialect: a day number is DATE '1970-01-01' + day, a year's
-- last day a DATE, and the tests on a count spelt out (<> 0).
-- Run by bench/duckdb.mjs, which prints what crm-value prints.
WITH s AS (
  SELECT strftime(DATE '1970-01-01' + day, '%Y') AS period,
         category_id AS cat,
         count(DISTINCT CASE WHEN amount >= 0 THEN customer_id END) AS buyers,
         sum(greatest(amount, 0)) AS revenue,
         sum(CASE WHEN amount >= 0 THEN amount - cost
                  ELSE amount + abs(cost) END) AS profit,
         sum(CASE WHEN cost IS NULL THEN amount ELSE 0 END) AS uncosted
    FROM purchase
   WHERE day <= DATE '2025-06-30' - DATE '1970-01-01'
   GROUP BY period, cat),
e AS (
  SELECT period, least(CAST(period || '-12-31' AS DATE), DATE '2025-06-30')
                 - DATE '1970-01-01' AS last
    FROM s GROUP BY period),
n AS (
  SELECT e.period, c.category_id AS cat, count(*) AS customers
    FROM e JOIN customer c ON c.created <= e.last
   GROUP BY e.period, c.category_id),
t AS (SELECT period, sum(profit) AS total FROM s GROUP BY period)
SELECT e.period, k.name AS category,
       coalesce(n.customers, 0) AS customers, coalesce(s.buyers, 0) AS buyers,
       printf('%.2f', coalesce(s.revenue, 0) / 100::DOUBLE) AS revenue,
       printf('%.2f', coalesce(s.profit, 0) / 100::DOUBLE) AS profit,
       printf('%.2f', CASE WHEN n.customers <> 0
                      THEN round(coalesce(s.profit, 0) / n.customers::DOUBLE)
                      ELSE 0 END / 100::DOUBLE) AS profit_per_customer,
       printf('%.1f', CASE WHEN t.total <> 0
                      THEN round(1000 * coalesce(s.profit, 0)
                                 / t.total::DOUBLE) / 10
                      ELSE 0 END) AS share,
       printf('%.2f', coalesce(s.uncosted, 0) / 100::DOUBLE) AS uncosted
  FROM e JOIN t USING (period) CROSS JOIN category k
  LEFT JOIN n ON n.period = e.period AND n.cat = k.id
  LEFT JOIN s ON s.period = e.period AND s.cat = k.id
 WHERE k.deleted = 0 OR s.cat IS NOT NULL
 ORDER BY e.period, k.name;
