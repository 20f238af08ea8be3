-- bench/sql/value-category.sql - the raw SQL baseline of
--   crm-value --by category --period year --as-of 2025-06-30
-- on crm's own database: per calendar year from the first purchase to
-- 2025-06-30 and per category, the customers in the category by the end of
-- the year, the buyers (customers with a purchase, a return alone does not
-- count, as crm-value counts them), revenue (amounts >= 0), profit (net
-- less cost over the sales whose cost is known, the cost of a return taken
-- back whatever its sign: a NULL cost makes the sale's profit NULL, which
-- sum() skips), profit per customer, the share of the year's profit, and
-- uncosted (the net of the sales without a cost, in no profit or share).
-- A sale counts for the category crm-sale stored with it
-- (purchase.category_id), as crm-value counts it.
-- The customers are counted by the short cuts this data allows: nobody
-- changes category (no category_change rows) and every customer is created
-- before their first purchase, so "in the category on the year's last day,
-- among those who existed by then" is customer.category_id and
-- created <= that day; and every sale's category is its customer's, so
-- crm-value adds no buyers of another category to the customers.
-- INDEXED BY: the covering index purchase_customer, which the planner
-- also takes itself since schema version 4; on an older database it chose
-- purchase_day and a table lookup per purchase (1.5x as long at 10M
-- purchases).  Summing per customer, year and category first and
-- counting buyers from that is no faster.  A CASE on the day numbers of
-- the new years instead of strftime is about 8 % faster, but writes the
-- years of the data into the query.
-- Prints what crm-value prints, byte for byte.
.headers on
.mode tabs
WITH s AS (
  SELECT strftime('%Y', day * 86400, 'unixepoch') AS period,
         category_id AS cat,
         count(DISTINCT CASE WHEN amount >= 0 THEN customer_id END) AS buyers,
         sum(max(amount, 0)) AS revenue,
         sum(CASE WHEN amount >= 0 THEN amount - cost
                  ELSE amount + abs(cost) END) AS profit,
         sum(CASE WHEN cost IS NULL THEN amount ELSE 0 END) AS uncosted
    FROM purchase INDEXED BY purchase_customer
   WHERE day <= unixepoch('2025-06-30') / 86400
   GROUP BY period, cat),
e AS (
  SELECT period, min(unixepoch(period || '-12-31'),
                     unixepoch('2025-06-30')) / 86400 AS last
    FROM s GROUP BY period),
n AS (
  SELECT e.period, c.category_id AS cat, count(*) AS customers
    FROM e JOIN customer c ON c.created <= e.last
   GROUP BY e.period, c.category_id),
t AS (SELECT period, sum(profit) AS total FROM s GROUP BY period)
SELECT e.period, k.name AS category,
       coalesce(n.customers, 0) AS customers, coalesce(s.buyers, 0) AS buyers,
       printf('%.2f', coalesce(s.revenue, 0) / 100.0) AS revenue,
       printf('%.2f', coalesce(s.profit, 0) / 100.0) AS profit,
       printf('%.2f', CASE WHEN n.customers
                      THEN round(1.0 * coalesce(s.profit, 0) / n.customers)
                      ELSE 0 END / 100.0) AS profit_per_customer,
       printf('%.1f', CASE WHEN t.total
                      THEN round(1000.0 * coalesce(s.profit, 0) / t.total) / 10
                      ELSE 0 END) AS share,
       printf('%.2f', coalesce(s.uncosted, 0) / 100.0) AS uncosted
  FROM e JOIN t USING (period) CROSS JOIN category k
  LEFT JOIN n ON n.period = e.period AND n.cat = k.id
  LEFT JOIN s ON s.period = e.period AND s.cat = k.id
 WHERE k.deleted = 0 OR s.cat IS NOT NULL
 ORDER BY e.period, k.name;
