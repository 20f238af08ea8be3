/*
 * db-asof.c - a customer as of a day: the category and status the
 * histories say they had then (SPEC.md "As of a date").
 *
 * The expressions DB_ASOF_* of db-internal.h are the one definition of
 * that rule; every query that prints a customer's category or status as
 * of :asof uses them, and binds :asof and :asof_fast here.
 *
 * Category on D: a customer with no change dated after D is in their
 * current category (so the fast path and the slow one agree, and a
 * change recorded later for someone else changes no answer); else the
 * new category of the last change dated on or before D (ties: the later
 * row), or with none, the old category of the first later change.
 * Status on D: the last status change recorded with a date on or before
 * D (the order of recording wins, so a corrected date or reason replaces
 * the old one); with none but later ones, the opposite of the first of
 * those; a status set without the history (crm-add, crm-edit) counts
 * from its lost date.
 *
 * The fast path: when nothing in either history is dated after D (a
 * report as of today), the current values are the answer, and the
 * expressions read no history at all.
 */
#include "db-internal.h"

int
crm_db_asof_fast(struct crm_db *db, crm_day as_of)
{
	/* both histories are small next to the purchases: one pass each,
	 * once a report */
	return crm_sql_int(db, "SELECT coalesce(max(day), -2147483647)"
			  " FROM category_change") <= as_of &&
	       crm_sql_int(db, "SELECT coalesce(max(day), -2147483647)"
			  " FROM status_change") <= as_of;
}

void
crm_db_asof_bind(struct crm_db *db, struct crm_stmt *st, crm_day as_of)
{
	int i = crm_st_bind_parameter_index(st, ":asof");
	int f = crm_st_bind_parameter_index(st, ":asof_fast");

	if (i)
		crm_st_bind_int(st, i, as_of);
	if (f)
		crm_st_bind_int(st, f, crm_db_asof_fast(db, as_of));
}

int
crm_db_category_known(struct crm_db *db, const char *name, int with_deleted)
{
	struct crm_stmt *st;
	int found;

	if (crm_db_category_id(db, name))
		return 1;
	if (!with_deleted)
		return 0;
	st = crm_sql_prepare(db, "SELECT 1 FROM category WHERE name = ?");
	crm_sql_bind_text(st, 1, name);
	found = crm_sql_step(db, st, "category") == SQLITE_ROW;
	crm_st_finalize(st);
	return found;
}

int
crm_db_customer_existed(struct crm_db *db, long long id, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT " DB_ASOF_EXISTS
					  " FROM customer c WHERE c.id = :id");
	int existed;

	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, ":id"), id);
	crm_db_asof_bind(db, st, as_of);
	existed = crm_sql_step(db, st, "customer") == SQLITE_ROW &&
		  crm_st_column_int(st, 0);
	crm_st_finalize(st);
	return existed;
}
