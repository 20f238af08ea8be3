-- bench/sql/lapsed-auto.sql - the raw SQL baseline of
--   crm-lapsed --auto --as-of 2025-06-30        (--factor 3)
-- on crm's own database: the customers with at least two purchase days
-- whose silence up to 2025-06-30 is more than 3 times their usual gap, the
-- median of the days between consecutive purchase days (LAG over the
-- distinct purchase days, then the middle one or two by ROW_NUMBER); not
-- lost.  Prints what crm-lapsed prints, byte for byte.
.headers on
.mode tabs
WITH d AS (
  SELECT customer_id AS id,
         day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
    FROM (SELECT DISTINCT customer_id, day FROM purchase
           WHERE amount >= 0 AND day <= unixepoch('2025-06-30') / 86400)),
g AS (
  SELECT id, gap, row_number() OVER (PARTITION BY id ORDER BY gap) AS i,
         count(*) OVER (PARTITION BY id) AS m
    FROM d WHERE gap IS NOT NULL),
med AS (
  SELECT id, avg(gap) AS gap FROM g
   WHERE i IN ((m + 1) / 2, (m + 2) / 2) GROUP BY id),
s AS (
  SELECT customer_id AS id, max(CASE WHEN amount >= 0 THEN day END) AS last,
         count(CASE WHEN amount >= 0 THEN 1 END) AS purchases,
         sum(amount) AS net
    FROM purchase WHERE day <= unixepoch('2025-06-30') / 86400
   GROUP BY customer_id)
SELECT c.id, c.name, k.name AS category,
       date(s.last * 86400, 'unixepoch') AS last_purchase,
       unixepoch('2025-06-30') / 86400 - s.last AS days_silent, s.purchases,
       printf('%.2f', s.net / 100.0) AS net,
       CASE WHEN med.gap = CAST(med.gap AS INTEGER)
            THEN CAST(med.gap AS INTEGER) ELSE med.gap END AS usual_gap,
       c.status
  FROM med JOIN s ON s.id = med.id
  JOIN customer c ON c.id = med.id
  JOIN category k ON k.id = c.category_id
 WHERE unixepoch('2025-06-30') / 86400 - s.last > 3 * med.gap
   AND (c.status = 'active' OR c.lost_day > unixepoch('2025-06-30') / 86400)
 ORDER BY c.id;
