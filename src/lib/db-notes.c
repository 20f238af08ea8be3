/* db-notes.c - thanks, notes (complaints, surveys, ...) and lost customers */
#include <string.h>

#include "db-internal.h"

/* ---- thanks ---- */

void
crm_db_thank_add(struct crm_db *db, const struct crm_thank *t)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_THANK_INSERT,
				   "INSERT INTO thanks (customer_id, day, how,"
				   " value, note) VALUES (?, ?, ?, ?, ?)");

	crm_st_bind_int64(st, 1, t->customer);
	crm_st_bind_int(st, 2, t->day);
	crm_sql_bind_text(st, 3, t->how);
	if (t->has_value)
		crm_st_bind_int64(st, 4, t->value);
	crm_sql_bind_text(st, 5, t->note);
	if (crm_sql_step(db, st, "log thanks") != SQLITE_DONE)
		crm_die(CRM_EX_SOFTWARE, "cannot thank customer %lld: %s",
			t->customer, crm_sql_errmsg(db));
}

struct crm_db_iter *
crm_db_thanks(struct crm_db *db, crm_day from, crm_day to, int only_selection)
{
	struct crm_stmt *st;

	if (only_selection)
		crm_db_selection_table(db);
	if (only_selection)
		st = crm_sql_prepare(db, "SELECT t.id, t.customer_id, c.name, t.day,"
				    " t.how, t.value, t.note FROM thanks t"
				    " JOIN customer c ON c.id = t.customer_id"
				    " WHERE t.day BETWEEN ?1 AND ?2"
				    " AND t.customer_id IN (SELECT id FROM temp.marked)"
				    " ORDER BY t.day, t.customer_id, t.id");
	else
		st = crm_sql_prepare(db, "SELECT t.id, t.customer_id, c.name, t.day,"
				    " t.how, t.value, t.note FROM thanks t"
				    " JOIN customer c ON c.id = t.customer_id"
				    " WHERE t.day BETWEEN ?1 AND ?2"
				    " ORDER BY t.day, t.customer_id, t.id");
	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

struct crm_db_iter *
crm_db_customer_thanks(struct crm_db *db, long long id, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT t.id, t.customer_id, c.name,"
					  " t.day, t.how, t.value, t.note"
					  " FROM thanks t"
					  " JOIN customer c ON c.id = t.customer_id"
					  " WHERE t.customer_id = ?1 AND t.day <= ?2"
					  " ORDER BY t.day, t.id");

	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_thanks_next(struct crm_db_iter *it, struct crm_thank_row *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "thanks") != SQLITE_ROW)
		return 0;
	r->id = crm_st_column_int64(st, 0);
	r->customer = crm_st_column_int64(st, 1);
	r->name = crm_sql_col_text(st, 2);
	r->day = (crm_day)crm_st_column_int64(st, 3);
	r->how = crm_sql_col_text(st, 4);
	r->has_value = crm_st_column_type(st, 5) != SQLITE_NULL;
	r->value = crm_st_column_int64(st, 5);
	r->note = crm_sql_col_text(st, 6);
	return 1;
}

/* ---- notes ---- */

const char *const crm_note_kinds[CRM_NOTE_NKINDS] = {
	"complaint", "praise", "survey", "call", "note"};

int
crm_note_kind_parse(const char *s, enum crm_note_kind *out)
{
	for (int k = 0; k < CRM_NOTE_NKINDS; k++)
		if (s && strcmp(s, crm_note_kinds[k]) == 0) {
			*out = (enum crm_note_kind)k;
			return 0;
		}
	return -1;
}

/* a kind read back from the database (the schema checks it) */
static enum crm_note_kind
col_kind(struct crm_stmt *st, int i)
{
	enum crm_note_kind k = CRM_NOTE_NOTE;

	crm_note_kind_parse(crm_sql_col_text(st, i), &k);
	return k;
}

long long
crm_db_note_add(struct crm_db *db, const struct crm_note *n)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_NOTE_INSERT,
				   "INSERT INTO note (customer_id, day, kind,"
				   " score, text, purchase_id, staff)"
				   " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	long long id;

	crm_st_bind_int64(st, 1, n->customer);
	crm_st_bind_int(st, 2, n->day);
	crm_sql_bind_text(st, 3, crm_note_kinds[n->kind]);
	if (n->score)
		crm_st_bind_int(st, 4, n->score);
	crm_sql_bind_text(st, 5, n->text);
	if (n->purchase)
		crm_st_bind_int64(st, 6, n->purchase);
	crm_sql_bind_staff(st, 7, n->staff);
	if (crm_sql_step(db, st, "add note") != SQLITE_ROW)
		crm_die(CRM_EX_SOFTWARE, "cannot add a note to customer %lld: %s",
			n->customer, crm_sql_errmsg(db));
	id = crm_st_column_int64(st, 0);
	crm_st_reset(st); /* RETURNING: done with its row */
	return id;
}

int
crm_db_note_state(struct crm_db *db, long long note, struct crm_note_state *n)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT kind, day, resolved_day"
					  " FROM note WHERE id = ?");
	int found = 0;

	memset(n, 0, sizeof *n);
	n->kind = CRM_NOTE_NOTE;
	crm_st_bind_int64(st, 1, note);
	if (crm_sql_step(db, st, "note") == SQLITE_ROW) {
		found = 1;
		n->kind = col_kind(st, 0);
		n->day = (crm_day)crm_st_column_int64(st, 1);
		n->has_resolved = crm_st_column_type(st, 2) != SQLITE_NULL;
		n->resolved = (crm_day)crm_st_column_int64(st, 2);
	}
	crm_st_finalize(st);
	return found;
}

void
crm_db_note_set_resolved(struct crm_db *db, long long note, crm_day day)
{
	struct crm_stmt *st;

	st = crm_sql_prepare(db, "UPDATE note SET resolved_day = ? WHERE id = ?");
	crm_st_bind_int(st, 1, day);
	crm_st_bind_int64(st, 2, note);
	crm_sql_step(db, st, "resolve note");
	crm_st_finalize(st);
}

int
crm_db_note_return(struct crm_db *db, const struct crm_sale *s,
		   const char *reason, struct crm_err *e)
{
	struct crm_note n = {0};

	/* the return just stored by crm_db_purchase_write() */
	n.purchase = db->last_sale;
	if (!n.purchase)
		return crm_err_set(e, CRM_EX_SOFTWARE,
				   "the return of customer %lld is not recorded",
				   s->customer);
	n.customer = s->customer;
	n.day = s->day;
	n.kind = CRM_NOTE_COMPLAINT;
	n.text = reason;
	n.staff = s->staff; /* who took the return back */
	crm_db_note_add(db, &n);
	return 0;
}

#define NOTE_COLS                                                       \
	"SELECT n.id, n.customer_id, c.name, n.day, n.kind, n.score, n.text,"

struct crm_db_iter *
crm_db_notes_open(struct crm_db *db, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, NOTE_COLS " NULL, n.staff FROM note n"
		    " JOIN customer c ON c.id = n.customer_id"
		    " WHERE n.kind = 'complaint' AND n.day <= ?1"
		    " AND (n.resolved_day IS NULL OR n.resolved_day > ?1)"
		    " ORDER BY n.day, n.id");

	crm_st_bind_int(st, 1, as_of);
	return crm_sql_iter_new(db, st);
}

struct crm_db_iter *
crm_db_notes(struct crm_db *db, long long customer, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, NOTE_COLS " CASE WHEN n.resolved_day <= ?2"
		    " THEN n.resolved_day END, n.staff FROM note n"
		    " JOIN customer c ON c.id = n.customer_id"
		    " WHERE (?1 = 0 OR n.customer_id = ?1) AND n.day <= ?2"
		    " ORDER BY n.day, n.id");

	crm_st_bind_int64(st, 1, customer);
	crm_st_bind_int(st, 2, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_notes_next(struct crm_db_iter *it, struct crm_note_row *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "notes") != SQLITE_ROW)
		return 0;
	r->note = crm_st_column_int64(st, 0);
	r->customer = crm_st_column_int64(st, 1);
	r->name = crm_sql_col_text(st, 2);
	r->day = (crm_day)crm_st_column_int64(st, 3);
	r->kind = col_kind(st, 4);
	r->score = crm_st_column_int(st, 5); /* NULL reads as 0 */
	r->text = crm_sql_col_text(st, 6);
	r->has_resolved = crm_st_column_type(st, 7) != SQLITE_NULL;
	r->resolved = (crm_day)crm_st_column_int64(st, 7);
	r->staff = crm_sql_col_text(st, 8);
	return 1;
}

struct crm_db_iter *
crm_db_note_counts(struct crm_db *db, crm_day from, crm_day to)
{
	/* one row per day, category and kind: the caller sums the days of
	 * a period, so the notes are read once whatever the period */
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT n.day, c.category_id, n.kind, count(*),"
		    " count(n.score), coalesce(sum(n.score), 0)"
		    " FROM note n JOIN customer c ON c.id = n.customer_id"
		    " WHERE n.day BETWEEN ?1 AND ?2"
		    " GROUP BY n.day, c.category_id, n.kind");

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_note_counts_next(struct crm_db_iter *it, struct crm_note_count *c)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "note counts") != SQLITE_ROW)
		return 0;
	c->day = (crm_day)crm_st_column_int64(st, 0);
	c->category = crm_st_column_int64(st, 1);
	c->kind = col_kind(st, 2);
	c->n = crm_st_column_int64(st, 3);
	c->scored = crm_st_column_int64(st, 4);
	c->score_sum = crm_st_column_int64(st, 5);
	return 1;
}

crm_day
crm_db_first_note_day(struct crm_db *db)
{
	_Static_assert(CRM_NO_DAY == -2147483647 - 1, "CRM_NO_DAY in SQL");
	return (crm_day)crm_sql_int(db, "SELECT coalesce(min(day), -2147483648)"
				   " FROM note");
}

/* ---- survey replies ---- */

struct crm_db_iter *
crm_db_customer_phones(struct crm_db *db)
{
	/* one scan: the replies are looked up in memory (phone.c), as
	 * "0171 1234567" and "+491711234567" are one number no index of
	 * the stored text finds */
	return crm_sql_iter_new(db, crm_sql_prepare(
		db, "SELECT id, phone FROM customer"
		    " WHERE phone IS NOT NULL AND phone <> ''"));
}

int
crm_db_customer_phones_next(struct crm_db_iter *it, long long *id,
			    const char **phone)
{
	if (crm_sql_step(it->db, it->st, "customer phones") != SQLITE_ROW)
		return 0;
	*id = crm_st_column_int64(it->st, 0);
	*phone = crm_sql_col_text(it->st, 1);
	return 1;
}

/* ---- lost customers ---- */

int
crm_db_lost_state(struct crm_db *db, long long id, const char *reason,
		  crm_day day, int *lost, int *same)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_LOST_STATE,
				   "SELECT status = 'lost', lost_reason IS ?2,"
				   " lost_day IS ?3 FROM customer WHERE id = ?1");
	int found = 0;

	*lost = *same = 0;
	crm_st_bind_int64(st, 1, id);
	crm_sql_bind_text(st, 2, reason);
	crm_st_bind_int(st, 3, day);
	if (crm_sql_step(db, st, "customer status") == SQLITE_ROW) {
		found = 1;
		*lost = crm_st_column_int(st, 0);
		*same = crm_st_column_int(st, 1) && crm_st_column_int(st, 2);
	}
	crm_st_reset(st);
	return found;
}

void
crm_db_status_set(struct crm_db *db, long long id, const char *reason,
		  crm_day day, const char *logged)
{
	struct crm_stmt *st;

	st = crm_sql_stmt(db, ST_LOST_UPDATE,
		     "UPDATE customer SET status = ?2, lost_reason = ?3,"
		     " lost_day = ?4 WHERE id = ?1");
	crm_st_bind_int64(st, 1, id);
	crm_sql_bind_text(st, 2, reason ? "lost" : "active");
	crm_sql_bind_text(st, 3, reason);
	if (reason)
		crm_st_bind_int(st, 4, day);
	crm_sql_step(db, st, "set status");
	st = crm_sql_stmt(db, ST_LOST_LOG,
		     "INSERT INTO status_change (customer_id, day, status, reason)"
		     " VALUES (?, ?, ?, ?)");
	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, day);
	crm_sql_bind_text(st, 3, reason ? "lost" : "active");
	crm_sql_bind_text(st, 4, logged);
	if (crm_sql_step(db, st, "log status") != SQLITE_DONE)
		crm_die(CRM_EX_SOFTWARE, "cannot change customer %lld: %s", id,
			crm_sql_errmsg(db));
}

/*
 * Who was lost on ?1, when and why.  The status history answers for a
 * customer whose latest logged status is its current one; its newest
 * change recorded with a date up to ?1 decides (the order of recording
 * wins, so a corrected date or reason replaces the old one).  A customer
 * whose status was set without the history (crm-add, crm-edit) counts
 * from its lost date, or always when it has none.  value: the net of the
 * year up to the lost date.
 */
static const char lost_sql[] =
	"WITH logged(cid, last) AS (SELECT customer_id, max(id)"
	"  FROM status_change GROUP BY customer_id),"
	" at(cid, sid) AS (SELECT customer_id, max(id) FROM status_change"
	"  WHERE day <= ?1 GROUP BY customer_id),"
	" lost(id, name, day, reason) AS ("
	"  SELECT c.id, c.name, s.day, s.reason FROM logged l"
	"  JOIN customer c ON c.id = l.cid"
	"  JOIN status_change ls ON ls.id = l.last AND ls.status = c.status"
	"  JOIN at a ON a.cid = l.cid"
	"  JOIN status_change s ON s.id = a.sid AND s.status = 'lost'"
	"  UNION ALL"
	"  SELECT c.id, c.name, c.lost_day, c.lost_reason FROM customer c"
	"  LEFT JOIN logged l ON l.cid = c.id"
	"  LEFT JOIN status_change ls ON ls.id = l.last"
	"  WHERE c.status = 'lost' AND (c.lost_day IS NULL OR c.lost_day <= ?1)"
	"  AND (ls.status IS NULL OR ls.status <> c.status)),"
	" valued(id, name, day, reason, value) AS (SELECT id, name, day, reason,"
	"  (SELECT coalesce(sum(p.amount), 0) FROM purchase p"
	"   INDEXED BY purchase_customer WHERE p.customer_id = lost.id"
	"   AND p.day > lost.day - 365 AND p.day <= lost.day) FROM lost)";

struct crm_db_iter *
crm_db_lost(struct crm_db *db, crm_day as_of)
{
	char sql[sizeof lost_sql + 128];
	struct crm_stmt *st;

	/* a customer lost without a date first, on both backends (day is
	 * no column here: db-pg-sql.c cannot know it may be NULL) */
	snprintf(sql, sizeof sql, "%s SELECT id, name, day, reason, value"
		 " FROM valued ORDER BY day NULLS FIRST, id", lost_sql);
	st = crm_sql_prepare(db, sql);
	crm_st_bind_int(st, 1, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_lost_next(struct crm_db_iter *it, struct crm_lost_row *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "lost customers") != SQLITE_ROW)
		return 0;
	r->id = crm_st_column_int64(st, 0);
	r->name = crm_sql_col_text(st, 1);
	r->has_day = crm_st_column_type(st, 2) != SQLITE_NULL;
	r->day = (crm_day)crm_st_column_int64(st, 2);
	r->reason = crm_sql_col_text(st, 3);
	r->value = crm_st_column_int64(st, 4);
	return 1;
}

struct crm_db_iter *
crm_db_lost_reasons(struct crm_db *db, crm_day as_of)
{
	char sql[sizeof lost_sql + 160];
	struct crm_stmt *st;

	snprintf(sql, sizeof sql, "%s SELECT reason, count(*), sum(value)"
		 " FROM valued GROUP BY reason ORDER BY count(*) DESC, reason",
		 lost_sql);
	st = crm_sql_prepare(db, sql);
	crm_st_bind_int(st, 1, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_lost_reasons_next(struct crm_db_iter *it, struct crm_lost_reason *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "lost reasons") != SQLITE_ROW)
		return 0;
	r->reason = crm_sql_col_text(st, 0);
	r->customers = crm_st_column_int64(st, 1);
	r->value = crm_st_column_int64(st, 2);
	return 1;
}
