/* db-nightly.c - the questions only the nightly report asks */
#include "db-internal.h"

long long
crm_db_open_complaints(struct crm_db *db, crm_day as_of, long long limit,
		       void (*fn)(const struct crm_open_complaint *, void *),
		       void *arg)
{
	sqlite3_stmt *st = crm_sql_prepare(
		db, "SELECT n.id, n.customer_id, c.name, n.text, n.day,"
		    " count(*) OVER ()"
		    " FROM note n JOIN customer c ON c.id = n.customer_id"
		    " WHERE n.kind = 'complaint' AND n.day <= ?1"
		    " AND (n.resolved_day IS NULL OR n.resolved_day > ?1)"
		    " ORDER BY n.day, n.id");
	struct crm_open_complaint o;
	long long total = 0, seen = 0;

	sqlite3_bind_int(st, 1, as_of);
	while (crm_sql_step(db, st, "open complaints") == SQLITE_ROW) {
		total = sqlite3_column_int64(st, 5);
		if (seen++ >= limit)
			break;
		o.note = sqlite3_column_int64(st, 0);
		o.id = sqlite3_column_int64(st, 1);
		o.name = crm_sql_col_text(st, 2);
		o.text = crm_sql_col_text(st, 3);
		o.day = (crm_day)sqlite3_column_int64(st, 4);
		fn(&o, arg);
	}
	sqlite3_finalize(st);
	return total;
}

void
crm_db_unthanked(struct crm_db *db, crm_day as_of,
		 void (*fn)(long long id, const char *name, long long n,
			    void *arg),
		 void *arg)
{
	/* a referral is dated by the referred customer's created; a thank
	 * dated on or after it covers it */
	sqlite3_stmt *st = crm_sql_prepare(
		db, "SELECT r.id, r.name, count(*) FROM customer c"
		    " JOIN customer r ON r.id = c.referred_by"
		    " WHERE c.created <= ?1 AND c.created >"
		    " coalesce((SELECT max(t.day) FROM thanks t"
		    "  WHERE t.customer_id = r.id AND t.day <= ?1), -2147483648)"
		    " GROUP BY r.id ORDER BY r.id");

	sqlite3_bind_int(st, 1, as_of);
	while (crm_sql_step(db, st, "unthanked") == SQLITE_ROW)
		fn(sqlite3_column_int64(st, 0), crm_sql_col_text(st, 1),
		   sqlite3_column_int64(st, 2), arg);
	sqlite3_finalize(st);
}

void
crm_db_bonus_sums(struct crm_db *db, crm_day from, crm_day to,
		  crm_money *issued, crm_money *redeemed, crm_money *reversed)
{
	sqlite3_stmt *st = crm_sql_prepare(
		db, "SELECT coalesce(sum(CASE kind WHEN 'accrual' THEN amount END), 0),"
		    " coalesce(-sum(CASE kind WHEN 'redemption' THEN amount END), 0),"
		    " coalesce(-sum(CASE kind WHEN 'reversal' THEN amount END), 0)"
		    " FROM bonus WHERE day BETWEEN ?1 AND ?2");

	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	crm_sql_step(db, st, "bonus sums");
	*issued = sqlite3_column_int64(st, 0);
	*redeemed = sqlite3_column_int64(st, 1);
	*reversed = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
}

void
crm_db_survey_scores(struct crm_db *db, crm_day from, crm_day to,
		     long long scores[5])
{
	sqlite3_stmt *st = crm_sql_prepare(
		db, "SELECT score, count(*) FROM note WHERE kind = 'survey'"
		    " AND score BETWEEN 1 AND 5 AND day BETWEEN ?1 AND ?2"
		    " GROUP BY score");

	for (int i = 0; i < 5; i++)
		scores[i] = 0;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	while (crm_sql_step(db, st, "survey scores") == SQLITE_ROW)
		scores[sqlite3_column_int(st, 0) - 1] = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
}
