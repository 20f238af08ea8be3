/*
 * db-staff.c - the sales and notes of each staff member (crm-staff.h):
 * storing a staff name and reading the rows that crm-value --by staff,
 * crm-note --summary --by staff and the report's staff section sum.
 */
#include "db-internal.h"

void
crm_sql_bind_staff(struct crm_stmt *st, int i, const char *s)
{
	const char *start;
	size_t n = crm_staff_span(s, &start);

	if (n)
		crm_st_bind_text(st, i, start, (int)n, SQLITE_TRANSIENT);
	else
		crm_st_bind_null(st, i);
}

struct crm_db_iter *
crm_db_staff_sales(struct crm_db *db, crm_day from, crm_day to,
		   int only_selection)
{
	/* by staff, then customer: a staff member's buyers are counted as
	 * the customer changes (value.c); NULL, no staff, sorts first */
	static const char head[] =
		"SELECT staff, customer_id, day, amount, cost, category_id"
		" FROM purchase WHERE day BETWEEN ?1 AND ?2";
	static const char marked[] =
		" AND customer_id IN (SELECT id FROM temp.marked)";
	static const char tail[] = " ORDER BY staff, customer_id, day";
	char sql[sizeof head + sizeof marked + sizeof tail];
	struct crm_stmt *st;

	if (only_selection)
		crm_db_selection_table(db);
	snprintf(sql, sizeof sql, "%s%s%s", head, only_selection ? marked : "",
		 tail);
	st = crm_sql_prepare(db, sql);
	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_staff_sales_next(struct crm_db_iter *it, struct crm_staff_sale *s)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "sales by staff") != SQLITE_ROW)
		return 0;
	s->staff = crm_sql_col_text(st, 0);
	s->sale.customer = crm_st_column_int64(st, 1);
	s->sale.day = (crm_day)crm_st_column_int64(st, 2);
	s->sale.amount = crm_st_column_int64(st, 3);
	s->sale.cost = crm_st_column_int64(st, 4); /* NULL reads as 0 */
	s->sale.costed = crm_st_column_type(st, 4) != SQLITE_NULL;
	s->sale.category = crm_st_column_int64(st, 5);
	return 1;
}

struct crm_db_iter *
crm_db_staff_days(struct crm_db *db, crm_day from, crm_day to)
{
	/* (day, staff, amount) is the index: no row of the table is read */
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT staff, day, count(*), sum(amount)"
		    " FROM purchase INDEXED BY purchase_staff"
		    " WHERE staff IS NOT NULL AND day BETWEEN ?1 AND ?2"
		    " AND amount >= 0 GROUP BY day, staff");

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_staff_days_next(struct crm_db_iter *it, struct crm_staff_day *d)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "sales by staff") != SQLITE_ROW)
		return 0;
	d->staff = crm_sql_col_text(st, 0);
	d->day = (crm_day)crm_st_column_int64(st, 1);
	d->sales = crm_st_column_int64(st, 2);
	d->revenue = crm_st_column_int64(st, 3);
	return 1;
}

struct crm_db_iter *
crm_db_staff_notes(struct crm_db *db, crm_day from, crm_day to)
{
	/* one row per staff, day and kind: the caller sums a period's days */
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT staff, day, kind, count(*), count(score),"
		    " coalesce(sum(score), 0) FROM note"
		    " WHERE day BETWEEN ?1 AND ?2"
		    " GROUP BY staff, day, kind ORDER BY staff, day");

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_staff_notes_next(struct crm_db_iter *it, struct crm_staff_notes *c)
{
	struct crm_stmt *st = it->st;
	enum crm_note_kind k = CRM_NOTE_NOTE;

	if (crm_sql_step(it->db, st, "notes by staff") != SQLITE_ROW)
		return 0;
	c->staff = crm_sql_col_text(st, 0);
	c->day = (crm_day)crm_st_column_int64(st, 1);
	crm_note_kind_parse(crm_sql_col_text(st, 2), &k); /* the schema checks it */
	c->kind = k;
	c->n = crm_st_column_int64(st, 3);
	c->scored = crm_st_column_int64(st, 4);
	c->score_sum = crm_st_column_int64(st, 5);
	return 1;
}

int
crm_db_staff_any(struct crm_db *db, crm_day from, crm_day to)
{
	/* the sales from the partial index purchase_staff alone */
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT EXISTS (SELECT 1 FROM purchase INDEXED BY"
		    " purchase_staff WHERE staff IS NOT NULL"
		    " AND day BETWEEN ?1 AND ?2)"
		    " OR EXISTS (SELECT 1 FROM note WHERE staff IS NOT NULL"
		    " AND day BETWEEN ?1 AND ?2)");
	int any;

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	crm_sql_step(db, st, "staff recorded");
	any = crm_st_column_int(st, 0);
	crm_st_finalize(st);
	return any;
}
