/*
 * db-sale.c - storing purchases, returns and their bonus rows: the facts
 * a sale's rules ask for (sale.c) and the rows they decide to write.
 */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

/*
 * The queue of a bulk import (crm_db_import_new): its sales wait here and are
 * written QUEUE_ROWS at a time by one INSERT of that many rows.  A
 * statement run once per row opens a cursor on the table and each of its
 * five indexes and seeks each from the root every time; one statement for
 * many rows keeps them open, and a key that goes at the end of an index
 * (a new ref, a new id) needs no seek at all.  That is a third of the
 * import's time (bench/README.md).
 *
 * Only purchases and returns wait: bonus rows and status changes are
 * written at once, so the look-ups of a later line find them in the
 * database.  What a later line may ask of a waiting row (is its ref taken,
 * which sale does a return name, how much of it was returned) the queue
 * answers itself.  Ids are given here, in the order the lines are
 * recorded, so a bonus row or a note can name a sale that is still
 * waiting.
 */
#define QUEUE_ROWS 256
#define QUEUE_COLS 11
#define QUEUE_SLOTS (2 * QUEUE_ROWS) /* the refs' hash, half full at most */
#define NO_TEXT ((size_t)-1)

struct queued_sale {
	long long id, customer, returns, category;
	crm_money amount, cost;
	crm_day day;
	int has_cost, paid;
	size_t ref, item, staff; /* offsets in text, or NO_TEXT */
};

struct sale_queue {
	struct queued_sale row[QUEUE_ROWS];
	unsigned slot[QUEUE_SLOTS]; /* row index + 1, 0: free */
	size_t n;
	char *text;
	size_t ntext, text_cap;
	struct crm_stmt *insert; /* of QUEUE_ROWS rows */
};

static const char insert_sql[] =
	"INSERT INTO purchase (id, customer_id, day, amount, cost, ref, item,"
	" paid, returns_id, category_id, staff)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char *
queue_text(const struct sale_queue *q, size_t off)
{
	return off == NO_TEXT ? NULL : q->text + off;
}

static size_t
queue_keep(struct sale_queue *q, const char *s)
{
	size_t at = q->ntext, n;

	if (!s)
		return NO_TEXT;
	n = strlen(s) + 1;
	if (q->ntext + n > q->text_cap) {
		q->text_cap = 2 * (q->ntext + n) + 4096;
		q->text = crm_xrealloc(q->text, q->text_cap);
	}
	memcpy(q->text + at, s, n);
	q->ntext += n;
	return at;
}

static unsigned
ref_hash(const char *s)
{
	return crm_hash(s) & (QUEUE_SLOTS - 1);
}

/* The waiting sale with this ref, or NULL. */
static const struct queued_sale *
queue_find(const struct sale_queue *q, const char *ref)
{
	if (!q || !ref)
		return NULL;
	for (unsigned i = ref_hash(ref); q->slot[i];
	     i = (i + 1) & (QUEUE_SLOTS - 1)) {
		const struct queued_sale *r = &q->row[q->slot[i] - 1];

		if (!strcmp(queue_text(q, r->ref), ref))
			return r;
	}
	return NULL;
}

/* What the waiting returns give back of sale id. */
static crm_money
queue_returned(const struct sale_queue *q, long long id)
{
	crm_money sum = 0;

	for (size_t i = 0; q && i < q->n; i++)
		if (q->row[i].returns == id)
			sum -= q->row[i].amount;
	return sum;
}

/* a row's values from parameter at on; ref, item and staff are its
 * strings */
static void
bind_sale(struct crm_stmt *st, int at, const struct queued_sale *r,
	  const char *ref, const char *item, const char *staff)
{
	crm_st_bind_int64(st, at, r->id);
	crm_st_bind_int64(st, at + 1, r->customer);
	crm_st_bind_int(st, at + 2, r->day);
	crm_st_bind_int64(st, at + 3, r->amount);
	if (r->has_cost)
		crm_st_bind_int64(st, at + 4, r->cost);
	else
		crm_st_bind_null(st, at + 4);
	crm_sql_bind_text(st, at + 5, ref);
	crm_sql_bind_text(st, at + 6, item);
	crm_st_bind_int(st, at + 7, r->paid);
	if (r->returns)
		crm_st_bind_int64(st, at + 8, r->returns);
	else
		crm_st_bind_null(st, at + 8);
	crm_st_bind_int64(st, at + 9, r->category);
	crm_sql_bind_staff(st, at + 10, staff);
}

static struct crm_stmt *
prepare_many(struct crm_db *db)
{
	/* OR FAIL: a broken constraint ends the run (the transaction is
	 * never committed), so the rows before it need not be undone, and
	 * SQLite keeps no statement journal, which would copy every page
	 * the statement changes */
	static const char head[] =
		"INSERT OR FAIL INTO purchase (id, customer_id, day, amount, cost,"
		" ref, item, paid, returns_id, category_id, staff) VALUES ";
	static const char row[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),";
	size_t n = sizeof head + QUEUE_ROWS * (sizeof row - 1);
	char *sql = crm_xmalloc(n), *p = sql;
	struct crm_stmt *st;

	memcpy(p, head, sizeof head - 1);
	p += sizeof head - 1;
	for (int i = 0; i < QUEUE_ROWS; i++, p += sizeof row - 1)
		memcpy(p, row, sizeof row - 1);
	p[-1] = '\0'; /* the last comma */
	st = crm_sql_prepare(db, sql);
	free(sql);
	return st;
}

/* Every row was checked, its ref too: a constraint that fails is a bug. */
static void
written(struct crm_db *db, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		crm_die(CRM_EX_SOFTWARE, "recording sales: %s",
			crm_sql_errmsg(db));
}

/* One row by a statement of its own. */
static void
write_one(struct crm_db *db, const struct queued_sale *r, const char *ref,
	  const char *item, const char *staff)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_SALE_INSERT, insert_sql);

	bind_sale(st, 1, r, ref, item, staff);
	written(db, crm_sql_write(db, st, "recording sales"));
	crm_st_reset(st);
}

static void
queue_write(struct crm_db *db, struct sale_queue *q)
{
	struct crm_stmt *st;

	if (!q || !q->n)
		return;
	if (q->n == QUEUE_ROWS) {
		if (!q->insert)
			q->insert = prepare_many(db);
		st = q->insert;
		for (size_t i = 0; i < q->n; i++)
			bind_sale(st, (int)(i * QUEUE_COLS) + 1, &q->row[i],
				  queue_text(q, q->row[i].ref),
				  queue_text(q, q->row[i].item),
				  queue_text(q, q->row[i].staff));
		written(db, crm_sql_write(db, st, "recording sales"));
		crm_st_reset(st);
	} else {
		/* the last few of a run: not worth a statement of their own */
		for (size_t i = 0; i < q->n; i++)
			write_one(db, &q->row[i], queue_text(q, q->row[i].ref),
				  queue_text(q, q->row[i].item),
				  queue_text(q, q->row[i].staff));
	}
	q->n = 0;
	q->ntext = 0;
	memset(q->slot, 0, sizeof q->slot);
}

void
crm_db_sale_queue_free(struct sale_queue *q)
{
	if (!q)
		return;
	crm_st_finalize(q->insert);
	free(q->text);
	free(q);
}

struct crm_import *
crm_db_import_new(struct crm_db *db)
{
	struct crm_import *imp = crm_xmalloc(sizeof *imp);

	(void)db; /* its parts are made when first needed */
	memset(imp, 0, sizeof *imp);
	imp->sales = crm_xmalloc(sizeof *imp->sales);
	memset(imp->sales, 0, sizeof *imp->sales);
	return imp;
}

void
crm_db_import_write(struct crm_db *db, struct crm_import *imp)
{
	if (imp)
		queue_write(db, imp->sales);
	/* what was noted is in the table now */
	crm_db_summary_flush(db);
}

/* What is not written is dropped: a rollback then writes nothing. */
void
crm_db_import_free(struct crm_import *imp)
{
	if (!imp)
		return;
	crm_db_sale_queue_free(imp->sales);
	crm_db_buyers_free(imp->buyers);
	crm_db_refs_free(imp->refs);
	free(imp);
}

/* The row of sale s (its strings not yet kept anywhere). */
static struct queued_sale
row_of(const struct crm_sale *s, long long id, long long returns,
       long long category)
{
	struct queued_sale r;

	memset(&r, 0, sizeof r);
	r.id = id;
	r.customer = s->customer;
	r.returns = returns;
	r.category = category;
	r.amount = s->amount;
	r.cost = s->cost;
	r.day = s->day;
	r.has_cost = s->has_cost;
	r.paid = !s->unpaid;
	r.ref = r.item = r.staff = NO_TEXT;
	return r;
}

static void
enqueue(struct crm_db *db, struct sale_queue *q, const struct queued_sale *row,
	const struct crm_sale *s)
{
	struct queued_sale *r;

	if (q->n == QUEUE_ROWS)
		queue_write(db, q);
	r = &q->row[q->n];
	*r = *row;
	r->ref = queue_keep(q, s->ref);
	r->item = queue_keep(q, s->item);
	r->staff = queue_keep(q, s->staff);
	if (s->ref) {
		unsigned i = ref_hash(s->ref);

		while (q->slot[i])
			i = (i + 1) & (QUEUE_SLOTS - 1);
		q->slot[i] = (unsigned)q->n + 1;
	}
	q->n++;
}

/* the waiting sales of an import, or NULL */
static const struct sale_queue *
queue_of(const struct crm_import *imp)
{
	return imp ? imp->sales : NULL;
}

long long
crm_db_ref_taken(struct crm_db *db, struct crm_import *imp, const char *ref,
		 int *this_run)
{
	const struct queued_sale *waiting = queue_find(queue_of(imp), ref);
	long long id = waiting ? waiting->id : crm_db_ref_stored(db, imp, ref);

	crm_db_sale_run(db);
	*this_run = id >= db->run_first_sale;
	return id;
}

int
crm_db_sold(struct crm_db *db, struct crm_import *imp, const char *ref,
	    struct crm_sold *r)
{
	const struct queued_sale *waiting = queue_find(queue_of(imp), ref);
	struct crm_stmt *st;
	int found;

	if (waiting) {
		r->id = waiting->id;
		r->customer = waiting->customer;
		r->amount = waiting->amount;
		r->day = waiting->day;
	} else {
		st = crm_sql_stmt(db, ST_SALE_BY_REF,
			     "SELECT id, customer_id, amount, day FROM purchase"
			     " WHERE ref = ?");
		crm_sql_bind_text(st, 1, ref);
		found = crm_sql_step(db, st, "sale by ref") == SQLITE_ROW;
		if (found) {
			r->id = crm_st_column_int64(st, 0);
			r->customer = crm_st_column_int64(st, 1);
			r->amount = crm_st_column_int64(st, 2);
			r->day = (crm_day)crm_st_column_int(st, 3);
		}
		crm_st_reset(st);
		if (!found)
			return 0;
	}
	st = crm_sql_stmt(db, ST_SALE_RETURNED,
		     "SELECT coalesce(-sum(amount), 0) FROM purchase"
		     " WHERE returns_id = ?");
	crm_st_bind_int64(st, 1, r->id);
	crm_sql_step(db, st, "returned so far");
	r->returned = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	r->returned += queue_returned(queue_of(imp), r->id);
	return 1;
}

crm_money
crm_db_sale_accrual(struct crm_db *db, long long sale)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_BONUS_OF_SALE,
				   "SELECT coalesce(sum(amount), 0) FROM bonus"
				   " WHERE purchase_id = ? AND kind = 'accrual'");
	crm_money v;

	crm_st_bind_int64(st, 1, sale);
	crm_sql_step(db, st, "bonus of sale");
	v = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return v;
}

crm_money
crm_db_bonus_balance(struct crm_db *db, long long customer, crm_day as_of)
{
	/* now: the index (customer_id, amount) alone answers; on a date,
	 * each row of the customer's ledger is read for its day */
	struct crm_stmt *st =
		as_of == INT32_MAX
			? crm_sql_stmt(db, ST_BONUS_BALANCE_NOW,
				  "SELECT coalesce(sum(amount), 0) FROM bonus"
				  " WHERE customer_id = ?")
			: crm_sql_stmt(db, ST_BONUS_BALANCE,
				  "SELECT coalesce(sum(b.amount), 0) FROM bonus b"
				  " WHERE " DB_BONUS_LEDGER_ROWS("?2"));
	crm_money v;

	if (as_of == INT32_MAX) { /* now: every row counts */
		crm_st_bind_int64(st, 1, customer);
	} else {
		crm_st_bind_int(st, 1, as_of);
		crm_st_bind_int64(st, 2, customer);
	}
	crm_sql_step(db, st, "bonus balance");
	v = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return v;
}

void
crm_db_bonus_write(struct crm_db *db, long long customer, crm_day day,
		   enum crm_bonus_kind kind, crm_money amount, long long sale)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_BONUS_INSERT,
				   "INSERT INTO bonus (customer_id, day, kind,"
				   " amount, purchase_id) VALUES (?, ?, ?, ?, ?)");

	crm_st_bind_int64(st, 1, customer);
	crm_st_bind_int(st, 2, day);
	crm_sql_bind_text(st, 3,
			  kind == CRM_BONUS_ACCRUAL ? "accrual" : "reversal");
	crm_st_bind_int64(st, 4, amount);
	if (sale)
		crm_st_bind_int64(st, 5, sale);
	crm_sql_write(db, st, "bonus");
}

void
crm_db_customer_set_active(struct crm_db *db, struct crm_import *imp,
			   long long customer, crm_day day, const char *reason)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_STATUS_ACTIVE,
				   "UPDATE customer SET status = 'active',"
				   " lost_reason = NULL, lost_day = NULL WHERE id = ?");

	crm_st_bind_int64(st, 1, customer);
	crm_sql_step(db, st, "reactivate");
	crm_db_buyer_active(imp, customer);
	st = crm_sql_stmt(db, ST_STATUS_LOG,
		     "INSERT INTO status_change (customer_id, day, status, reason)"
		     " VALUES (?, ?, 'active', ?)");
	crm_st_bind_int64(st, 1, customer);
	crm_st_bind_int(st, 2, day);
	crm_sql_bind_text(st, 3, reason);
	crm_sql_write(db, st, "log status");
}

void
crm_db_sale_run(struct crm_db *db)
{
	if (db->run_first_sale)
		return;
	db->run_first_sale =
		crm_sql_int(db, "SELECT coalesce(max(id), 0) + 1 FROM purchase");
	db->next_sale = db->run_first_sale;
	db->last_change = (crm_day)crm_sql_int(
		db, "SELECT coalesce(max(day), -2147483647) FROM category_change");
	db->first_sale_day = (crm_day)crm_sql_int(
		db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM setting"
		    " WHERE key = 'first_sale_day'), 2147483647)");
	db->last_sale_day = (crm_day)crm_sql_int(
		db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM setting"
		    " WHERE key = 'last_sale_day'), -2147483647)");
}

/* The last purchase of all says whether the summaries hold a report's
 * window (db-sums.c). */
static void
note_last_day(struct crm_db *db, crm_day day)
{
	struct crm_stmt *st;

	if (day <= db->last_sale_day)
		return;
	db->last_sale_day = day;
	st = crm_sql_stmt(db, ST_SALE_LAST_DAY,
		     "INSERT OR REPLACE INTO setting (key, value)"
		     " VALUES ('last_sale_day', ?)");
	crm_st_bind_int(st, 1, day);
	crm_sql_write(db, st, "last sale day");
}

/* The first purchase of all starts every report's window; it is kept,
 * since min(day) over the purchases would need an index of its own. */
static void
note_first_day(struct crm_db *db, crm_day day)
{
	struct crm_stmt *st;

	if (day >= db->first_sale_day)
		return;
	db->first_sale_day = day;
	st = crm_sql_stmt(db, ST_SALE_FIRST_DAY,
		     "INSERT OR REPLACE INTO setting (key, value)"
		     " VALUES ('first_sale_day', ?)");
	crm_st_bind_int(st, 1, day);
	crm_sql_write(db, st, "first sale day");
}

long long
crm_db_purchase_write(struct crm_db *db, struct crm_import *imp,
		      const struct crm_sale *s, long long category,
		      long long returns, struct crm_err *e)
{
	struct queued_sale row;
	long long sale;

	crm_db_sale_run(db);
	if (crm_db_money_add(db, s, e) < 0)
		return 0;
	sale = db->next_sale++;
	db->last_sale = sale;
	if (s->ref)
		crm_db_ref_recorded(db, imp, s->ref);
	row = row_of(s, sale, returns, category);
	if (imp)
		enqueue(db, imp->sales, &row, s);
	else /* the foreign keys are checked: the bonus row names it */
		write_one(db, &row, s->ref, s->item, s->staff);
	note_first_day(db, s->day);
	note_last_day(db, s->day);
	crm_db_summary_note(db, s->customer, category, s->day, s->amount,
			    s->cost, s->has_cost);
	return sale;
}

int
crm_db_sale_payment(struct crm_db *db, const char *ref, long long *id,
		    crm_money *amount, int *paid)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT id, paid, amount FROM purchase"
					  " WHERE ref = ?");

	*id = 0;
	crm_sql_bind_text(st, 1, ref);
	if (crm_sql_step(db, st, "sale by ref") == SQLITE_ROW) {
		*id = crm_st_column_int64(st, 0);
		*paid = crm_st_column_int(st, 1);
		*amount = crm_st_column_int64(st, 2);
	}
	crm_st_finalize(st);
	return *id != 0;
}

void
crm_db_sale_set_paid(struct crm_db *db, long long id, crm_day day)
{
	struct crm_stmt *st = crm_sql_prepare(db, "UPDATE purchase SET paid = 1,"
					  " paid_day = ? WHERE id = ?");

	crm_st_bind_int(st, 1, day);
	crm_st_bind_int64(st, 2, id);
	crm_sql_step(db, st, "pay");
	crm_st_finalize(st);
}
