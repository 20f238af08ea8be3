-- bench/duckdb/value-month.sql - DuckDB's answer to
--   crm-value --period month --from 2024-07-01 --to 2025-06-30
--             --as-of 2025-06-30
-- on the DuckDB file that make bench loads from crm's database (the same
-- columns: days since 1970-01-01, money in integer cents), as
-- bench/sql/value-month.sql asks the sqlite3 shell, in DuckDB's dialect:
-- a day number is DATE '1970-01-01' + day, greatest/least for the
-- two-argument max/min, and a DOUBLE division as SQLite's / 100.0.
-- Run by bench/duckdb.mjs, which prints what crm-value prints.
SELECT customer_id AS id,
       strftime(DATE '1970-01-01' + day, '%Y-%m') AS period,
       count(CASE WHEN amount >= 0 THEN 1 END) AS purchases,
       printf('%.2f', sum(greatest(amount, 0)) / 100::DOUBLE) AS revenue,
       printf('%.2f', -sum(least(amount, 0)) / 100::DOUBLE) AS returns,
       printf('%.2f', sum(amount) / 100::DOUBLE) AS net,
       printf('%.2f', coalesce(sum(CASE WHEN amount >= 0 THEN cost
                                        ELSE -abs(cost) END), 0)
                      / 100::DOUBLE) AS cost,
       printf('%.2f', coalesce(sum(CASE WHEN amount >= 0 THEN amount - cost
                                        ELSE amount + abs(cost) END), 0)
                      / 100::DOUBLE) AS profit,
       printf('%.2f', sum(CASE WHEN cost IS NULL THEN amount ELSE 0 END)
                      / 100::DOUBLE) AS uncosted
  FROM purchase
 WHERE day BETWEEN DATE '2024-07-01' - DATE '1970-01-01'
               AND DATE '2025-06-30' - DATE '1970-01-01'
 GROUP BY customer_id, period
 ORDER BY customer_id, period;
