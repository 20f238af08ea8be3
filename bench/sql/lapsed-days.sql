-- bench/sql/lapsed-days.sql - the raw SQL baseline of
--   crm-lapsed --days 90 --as-of 2025-06-30
-- as the plain question: one GROUP BY per customer over the purchases up
-- to 2025-06-30, keeping those whose last purchase (amount >= 0) is 90
-- days or more before it, not lost; with crm-lapsed's columns, but the
-- usual_gap column left empty: it needs the median gap of every listed
-- customer, which bench/sql/lapsed-days-gap.sql adds.
.headers on
.mode tabs
SELECT c.id, c.name, k.name AS category,
       date(s.last * 86400, 'unixepoch') AS last_purchase,
       unixepoch('2025-06-30') / 86400 - s.last AS days_silent, s.purchases,
       printf('%.2f', s.net / 100.0) AS net, NULL AS usual_gap, c.status
  FROM (SELECT customer_id, max(CASE WHEN amount >= 0 THEN day END) AS last,
               count(CASE WHEN amount >= 0 THEN 1 END) AS purchases,
               sum(amount) AS net
          FROM purchase WHERE day <= unixepoch('2025-06-30') / 86400
         GROUP BY customer_id) s
  JOIN customer c ON c.id = s.customer_id
  JOIN category k ON k.id = c.category_id
 WHERE s.last <= unixepoch('2025-06-30') / 86400 - 90
   AND (c.status = 'active' OR c.lost_day > unixepoch('2025-06-30') / 86400)
 ORDER BY c.id;
