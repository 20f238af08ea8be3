-- bench/sql/lapsed-days-gap.sql - the raw SQL baseline of
--   crm-lapsed --days 90 --as-of 2025-06-30
-- giving crm-lapsed's whole answer: bench/sql/lapsed-days.sql, and for
-- each customer listed the usual gap, the median of the days between
-- consecutive purchase days (LAG over the distinct purchase days, then the
-- middle one or two by ROW_NUMBER), printed as crm prints it ('12' or
-- '12.5').  Prints what crm-lapsed prints, byte for byte.
.headers on
.mode tabs
WITH s AS (
  SELECT customer_id AS id, max(CASE WHEN amount >= 0 THEN day END) AS last,
         count(CASE WHEN amount >= 0 THEN 1 END) AS purchases,
         sum(amount) AS net
    FROM purchase WHERE day <= unixepoch('2025-06-30') / 86400
   GROUP BY customer_id
  HAVING last <= unixepoch('2025-06-30') / 86400 - 90),
d AS (
  SELECT customer_id AS id,
         day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
    FROM (SELECT DISTINCT customer_id, day FROM purchase
           WHERE amount >= 0 AND day <= unixepoch('2025-06-30') / 86400
             AND customer_id IN (SELECT id FROM s))),
g AS (
  SELECT id, gap, row_number() OVER (PARTITION BY id ORDER BY gap) AS i,
         count(*) OVER (PARTITION BY id) AS m
    FROM d WHERE gap IS NOT NULL),
med AS (
  SELECT id, avg(gap) AS gap FROM g
   WHERE i IN ((m + 1) / 2, (m + 2) / 2) GROUP BY id)
SELECT c.id, c.name, k.name AS category,
       date(s.last * 86400, 'unixepoch') AS last_purchase,
       unixepoch('2025-06-30') / 86400 - s.last AS days_silent, s.purchases,
       printf('%.2f', s.net / 100.0) AS net,
       CASE WHEN med.gap = CAST(med.gap AS INTEGER)
            THEN CAST(med.gap AS INTEGER) ELSE med.gap END AS usual_gap,
       c.status
  FROM s JOIN customer c ON c.id = s.id
  JOIN category k ON k.id = c.category_id
  LEFT JOIN med ON med.id = s.id
 WHERE c.status = 'active' OR c.lost_day > unixepoch('2025-06-30') / 86400
 ORDER BY c.id;
