-- bench/referrals-sql.sql - the raw SQL baseline of crm-referrals.
--
-- What a skilled user would type in the sqlite3 shell, on crm's own
-- database, to get crm-referrals' summary (all time, as of today): per
-- referrer the direct referrals, the size of the whole tree below, and the
-- net value (purchases minus returns, amounts in minor units) of the direct
-- referrals and of the whole tree, ordered by id.
--
-- up(anc, v, d) pairs every referred customer with each of their
-- ancestors (anc) at distance d, carrying the customer's net value v: the
-- seed is the direct referrer, each step goes one referrer up through the
-- primary key.  The net value is summed once per customer, in the seed,
-- from the covering index purchase_customer; only referred customers are
-- valued, since a referrer's own purchases count in nobody's tree.  Then
-- one GROUP BY per ancestor.  Values are printed with two minor digits,
-- as crm prints them with the default config, so the two outputs can be
-- compared byte for byte:
--
--   sqlite3 crm.db < bench/referrals-sql.sql > sql.tsv
--   crm-referrals --db crm.db > crm.tsv && cmp sql.tsv crm.tsv
.headers on
.mode tabs
WITH RECURSIVE
  up(anc, v, d) AS (
    SELECT c.referred_by,
           (SELECT coalesce(sum(p.amount), 0) FROM purchase p
             WHERE p.customer_id = c.id),
           1
      FROM customer c
     WHERE c.referred_by IS NOT NULL
    UNION ALL
    SELECT r.referred_by, up.v, up.d + 1
      FROM up JOIN customer r ON r.id = up.anc
     WHERE r.referred_by IS NOT NULL),
  t(id, referrals, tree_size, direct_value, tree_value) AS (
    SELECT anc, sum(d = 1), count(*), sum(CASE WHEN d = 1 THEN v ELSE 0 END),
           sum(v)
      FROM up GROUP BY anc)
SELECT t.id, c.name, t.referrals, t.tree_size,
       printf('%s%d.%02d', CASE WHEN t.direct_value < 0 THEN '-' ELSE '' END,
              abs(t.direct_value) / 100, abs(t.direct_value) % 100)
         AS direct_value,
       printf('%s%d.%02d', CASE WHEN t.tree_value < 0 THEN '-' ELSE '' END,
              abs(t.tree_value) / 100, abs(t.tree_value) % 100)
         AS tree_value
  FROM t JOIN customer c ON c.id = t.id
 ORDER BY t.id;
