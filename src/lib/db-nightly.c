/* db-nightly.c - the questions only the nightly report asks */
#include "db-internal.h"

long long
crm_db_open_complaints(struct crm_db *db, crm_day as_of, long long limit,
		       void (*fn)(const struct crm_open_complaint *, void *),
		       void *arg)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT n.id, n.customer_id, c.name, n.text, n.day,"
		    " count(*) OVER ()"
		    " FROM note n JOIN customer c ON c.id = n.customer_id"
		    " WHERE n.kind = 'complaint' AND n.day <= ?1"
		    " AND (n.resolved_day IS NULL OR n.resolved_day > ?1)"
		    " ORDER BY n.day, n.id");
	struct crm_open_complaint o;
	long long total = 0, seen = 0;

	crm_st_bind_int(st, 1, as_of);
	while (crm_sql_step(db, st, "open complaints") == SQLITE_ROW) {
		total = crm_st_column_int64(st, 5);
		if (seen++ >= limit)
			break;
		o.note = crm_st_column_int64(st, 0);
		o.id = crm_st_column_int64(st, 1);
		o.name = crm_sql_col_text(st, 2);
		o.text = crm_sql_col_text(st, 3);
		o.day = (crm_day)crm_st_column_int64(st, 4);
		fn(&o, arg);
	}
	crm_st_finalize(st);
	return total;
}

void
crm_db_unthanked(struct crm_db *db, crm_day as_of,
		 int (*want_name)(long long id, void *arg),
		 void (*fn)(long long id, const char *name, long long n,
			    void *arg),
		 void *arg)
{
	/* a referral is dated by the referred customer's created; a thank
	 * dated on or after it covers it.  The index (referred_by, created)
	 * answers without the table; the referrer's name is read for the
	 * rows the caller keeps, not for every referrer. */
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT c.referred_by, count(*) FROM customer c"
		    " INDEXED BY customer_referred_by"
		    " WHERE c.referred_by IS NOT NULL AND c.created <= ?1"
		    " AND c.created > coalesce((SELECT max(t.day) FROM thanks t"
		    "  WHERE t.customer_id = c.referred_by AND t.day <= ?1),"
		    " -2147483648)"
		    " GROUP BY c.referred_by ORDER BY c.referred_by");
	struct crm_stmt *name = crm_sql_prepare(db, "SELECT name FROM customer"
						 " WHERE id = ?");

	crm_st_bind_int(st, 1, as_of);
	while (crm_sql_step(db, st, "unthanked") == SQLITE_ROW) {
		long long id = crm_st_column_int64(st, 0);
		const char *text = NULL;

		if (want_name(id, arg)) {
			crm_st_bind_int64(name, 1, id);
			if (crm_sql_step(db, name, "unthanked") == SQLITE_ROW)
				text = crm_sql_col_text(name, 0);
		}
		fn(id, text, crm_st_column_int64(st, 1), arg);
		crm_st_reset(name);
	}
	crm_st_finalize(name);
	crm_st_finalize(st);
}

void
crm_db_bonus_sums(struct crm_db *db, crm_day from, crm_day to,
		  crm_money *issued, crm_money *redeemed, crm_money *reversed)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT coalesce(sum(CASE kind WHEN 'accrual' THEN amount END), 0),"
		    " coalesce(-sum(CASE kind WHEN 'redemption' THEN amount END), 0),"
		    " coalesce(-sum(CASE kind WHEN 'reversal' THEN amount END), 0)"
		    " FROM bonus WHERE day BETWEEN ?1 AND ?2");

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	crm_sql_step(db, st, "bonus sums");
	*issued = crm_st_column_int64(st, 0);
	*redeemed = crm_st_column_int64(st, 1);
	*reversed = crm_st_column_int64(st, 2);
	crm_st_finalize(st);
}

void
crm_db_survey_scores(struct crm_db *db, crm_day from, crm_day to,
		     long long scores[5])
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT score, count(*) FROM note WHERE kind = 'survey'"
		    " AND score BETWEEN 1 AND 5 AND day BETWEEN ?1 AND ?2"
		    " GROUP BY score");

	for (int i = 0; i < 5; i++)
		scores[i] = 0;
	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	while (crm_sql_step(db, st, "survey scores") == SQLITE_ROW)
		scores[crm_st_column_int(st, 0) - 1] = crm_st_column_int64(st, 1);
	crm_st_finalize(st);
}
