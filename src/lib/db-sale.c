/* db-sale.c - purchases and returns, with their bonus, in one transaction */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

/*
 * The queue of a bulk import (crm_db_import_start): its sales wait here and are
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
#define QUEUE_COLS 10
#define QUEUE_SLOTS (2 * QUEUE_ROWS) /* the refs' hash, half full at most */
#define NO_TEXT ((size_t)-1)

struct queued_sale {
	long long id, customer, returns, category;
	crm_money amount, cost;
	crm_day day;
	int has_cost, paid;
	size_t ref, item; /* offsets in text, or NO_TEXT */
};

struct sale_queue {
	struct queued_sale row[QUEUE_ROWS];
	unsigned slot[QUEUE_SLOTS]; /* row index + 1, 0: free */
	size_t n;
	char *text;
	size_t ntext, text_cap;
	sqlite3_stmt *insert; /* of QUEUE_ROWS rows */
};

static const char insert_sql[] =
	"INSERT INTO purchase (id, customer_id, day, amount, cost, ref, item,"
	" paid, returns_id, category_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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

/* a row's values from parameter at on; ref and item are its strings */
static void
bind_sale(sqlite3_stmt *st, int at, const struct queued_sale *r,
	  const char *ref, const char *item)
{
	sqlite3_bind_int64(st, at, r->id);
	sqlite3_bind_int64(st, at + 1, r->customer);
	sqlite3_bind_int(st, at + 2, r->day);
	sqlite3_bind_int64(st, at + 3, r->amount);
	if (r->has_cost)
		sqlite3_bind_int64(st, at + 4, r->cost);
	else
		sqlite3_bind_null(st, at + 4);
	crm_sql_bind_text(st, at + 5, ref);
	crm_sql_bind_text(st, at + 6, item);
	sqlite3_bind_int(st, at + 7, r->paid);
	if (r->returns)
		sqlite3_bind_int64(st, at + 8, r->returns);
	else
		sqlite3_bind_null(st, at + 8);
	sqlite3_bind_int64(st, at + 9, r->category);
}

static sqlite3_stmt *
prepare_many(struct crm_db *db)
{
	/* OR FAIL: a broken constraint ends the run (the transaction is
	 * never committed), so the rows before it need not be undone, and
	 * SQLite keeps no statement journal, which would copy every page
	 * the statement changes */
	static const char head[] =
		"INSERT OR FAIL INTO purchase (id, customer_id, day, amount, cost,"
		" ref, item, paid, returns_id, category_id) VALUES ";
	static const char row[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?),";
	size_t n = sizeof head + QUEUE_ROWS * (sizeof row - 1);
	char *sql = crm_xmalloc(n), *p = sql;
	sqlite3_stmt *st;

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
			sqlite3_errmsg(db->h));
}

/* One row by a statement of its own. */
static void
write_one(struct crm_db *db, const struct queued_sale *r, const char *ref,
	  const char *item)
{
	sqlite3_stmt *st = crm_sql_stmt(db, ST_SALE_INSERT, insert_sql);

	bind_sale(st, 1, r, ref, item);
	written(db, crm_sql_step(db, st, "record sale"));
	sqlite3_reset(st);
}

void
crm_db_sale_flush(struct crm_db *db)
{
	struct sale_queue *q = db->sales;
	sqlite3_stmt *st;

	if (!q || !q->n)
		return;
	if (q->n == QUEUE_ROWS) {
		if (!q->insert)
			q->insert = prepare_many(db);
		st = q->insert;
		for (size_t i = 0; i < q->n; i++)
			bind_sale(st, (int)(i * QUEUE_COLS) + 1, &q->row[i],
				  queue_text(q, q->row[i].ref),
				  queue_text(q, q->row[i].item));
		written(db, crm_sql_step(db, st, "record sales"));
		sqlite3_reset(st);
	} else {
		/* the last few of a run: not worth a statement of their own */
		for (size_t i = 0; i < q->n; i++)
			write_one(db, &q->row[i], queue_text(q, q->row[i].ref),
				  queue_text(q, q->row[i].item));
	}
	q->n = 0;
	q->ntext = 0;
	memset(q->slot, 0, sizeof q->slot);
}

void
crm_db_sale_queue_start(struct crm_db *db)
{
	if (db->sales)
		return;
	db->sales = crm_xmalloc(sizeof *db->sales);
	memset(db->sales, 0, sizeof *db->sales);
}

void
crm_db_sale_queue_free(struct crm_db *db)
{
	if (!db->sales)
		return;
	sqlite3_finalize(db->sales->insert);
	free(db->sales->text);
	free(db->sales);
	db->sales = NULL;
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
	r.ref = r.item = NO_TEXT;
	return r;
}

static void
enqueue(struct crm_db *db, const struct queued_sale *row,
	const struct crm_sale *s)
{
	struct sale_queue *q = db->sales;
	struct queued_sale *r;

	if (q->n == QUEUE_ROWS)
		crm_db_sale_flush(db);
	r = &q->row[q->n];
	*r = *row;
	r->ref = queue_keep(q, s->ref);
	r->item = queue_keep(q, s->item);
	if (s->ref) {
		unsigned i = ref_hash(s->ref);

		while (q->slot[i])
			i = (i + 1) & (QUEUE_SLOTS - 1);
		q->slot[i] = (unsigned)q->n + 1;
	}
	q->n++;
}

/* The sale a return names: its id, customer, amount, and what was
 * returned of it so far. */
struct returned {
	long long id, customer;
	crm_money amount, already;
	crm_day day;
};

static int
load_returned(struct crm_db *db, const char *ref, struct returned *r)
{
	const struct queued_sale *waiting = queue_find(db->sales, ref);
	sqlite3_stmt *st;
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
			r->id = sqlite3_column_int64(st, 0);
			r->customer = sqlite3_column_int64(st, 1);
			r->amount = sqlite3_column_int64(st, 2);
			r->day = (crm_day)sqlite3_column_int(st, 3);
		}
		sqlite3_reset(st);
		if (!found)
			return 0;
	}
	st = crm_sql_stmt(db, ST_SALE_RETURNED,
		     "SELECT coalesce(-sum(amount), 0) FROM purchase"
		     " WHERE returns_id = ?");
	sqlite3_bind_int64(st, 1, r->id);
	crm_sql_step(db, st, "returned so far");
	r->already = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	r->already += queue_returned(db->sales, r->id);
	return 1;
}

static crm_money
bonus_of_sale(struct crm_db *db, long long sale)
{
	sqlite3_stmt *st = crm_sql_stmt(db, ST_BONUS_OF_SALE,
				   "SELECT coalesce(sum(amount), 0) FROM bonus"
				   " WHERE purchase_id = ? AND kind = 'accrual'");
	crm_money v;

	sqlite3_bind_int64(st, 1, sale);
	crm_sql_step(db, st, "bonus of sale");
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

crm_money
crm_db_bonus_balance(struct crm_db *db, long long customer, crm_day as_of)
{
	/* now: the index (customer_id, amount) alone answers; on a date,
	 * each row of the customer's ledger is read for its day */
	sqlite3_stmt *st =
		as_of == INT32_MAX
			? crm_sql_stmt(db, ST_BONUS_BALANCE_NOW,
				  "SELECT coalesce(sum(amount), 0) FROM bonus"
				  " WHERE customer_id = ?")
			: crm_sql_stmt(db, ST_BONUS_BALANCE,
				  "SELECT coalesce(sum(amount), 0) FROM bonus"
				  " WHERE customer_id = ? AND day <= ?");
	crm_money v;

	sqlite3_bind_int64(st, 1, customer);
	if (as_of != INT32_MAX)
		sqlite3_bind_int(st, 2, as_of);
	crm_sql_step(db, st, "bonus balance");
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

static void
bonus_insert(struct crm_db *db, long long customer, crm_day day,
	     const char *kind, crm_money amount, long long sale)
{
	sqlite3_stmt *st = crm_sql_stmt(db, ST_BONUS_INSERT,
				   "INSERT INTO bonus (customer_id, day, kind,"
				   " amount, purchase_id) VALUES (?, ?, ?, ?, ?)");

	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, day);
	crm_sql_bind_text(st, 3, kind);
	sqlite3_bind_int64(st, 4, amount);
	if (sale)
		sqlite3_bind_int64(st, 5, sale);
	crm_sql_step(db, st, "bonus");
}

static void
reactivate(struct crm_db *db, long long customer, crm_day day)
{
	sqlite3_stmt *st = crm_sql_stmt(db, ST_STATUS_ACTIVE,
				   "UPDATE customer SET status = 'active',"
				   " lost_reason = NULL, lost_day = NULL WHERE id = ?");

	sqlite3_bind_int64(st, 1, customer);
	crm_sql_step(db, st, "reactivate");
	crm_db_buyer_active(db, customer);
	st = crm_sql_stmt(db, ST_STATUS_LOG,
		     "INSERT INTO status_change (customer_id, day, status, reason)"
		     " VALUES (?, ?, 'active', 'purchase')");
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, day);
	crm_sql_step(db, st, "log status");
}

/* A return that names its sale: that sale, of this customer, not given
 * back beyond its amount. */
static int
check_return(struct crm_db *db, const struct crm_sale *s, struct returned *r,
	     struct crm_err *e)
{
	if (s->amount >= 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a return needs a negative amount");
	if (!load_returned(db, s->returns_ref, r))
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "returned sale '%s' does not exist",
				   s->returns_ref);
	if (r->customer != s->customer)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "sale '%s' belongs to customer %lld",
				   s->returns_ref, r->customer);
	if (s->day < r->day) {
		char d[CRM_DATE_BUFSZ];

		return crm_err_set(e, CRM_EX_DATAERR,
				   "the return is dated before sale '%s' (%s)",
				   s->returns_ref, crm_date_format(r->day, d));
	}
	if (-s->amount > r->amount - r->already)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the return is larger than what is left of "
				   "sale '%s'", s->returns_ref);
	return 0;
}

/* The bonus of a card holder's line: an accrual at the category's
 * percent, or for a return the part of its sale's accrual it gives back,
 * cut to the balance with a warning. */
static void
card_bonus(struct crm_db *db, const struct crm_sale *s, const struct buyer *b,
	   const struct returned *r, long long sale, char *warn, size_t warnsz)
{
	crm_money pts, balance;
	char want[CRM_MONEY_BUFSZ], have[CRM_MONEY_BUFSZ];
	int digits = db->cfg->minor_digits;

	if (s->amount > 0 && b->bonus > 0) {
		pts = crm_money_bonus(s->amount, b->bonus);
		if (pts)
			bonus_insert(db, s->customer, s->day, "accrual", pts,
				     sale);
		return;
	}
	if (s->amount >= 0)
		return;
	pts = r->id ? crm_money_proportion(s->amount, bonus_of_sale(db, r->id),
					   r->amount)
		    : crm_money_bonus(s->amount, b->bonus);
	balance = crm_db_bonus_balance(db, s->customer, INT32_MAX);
	if (pts > balance) {
		snprintf(warn, warnsz,
			 "customer %lld's balance covers only %s of %s",
			 s->customer,
			 crm_money_format(balance > 0 ? balance : 0, digits,
					  have),
			 crm_money_format(pts, digits, want));
		pts = balance > 0 ? balance : 0;
	}
	if (pts)
		bonus_insert(db, s->customer, s->day, "reversal", -pts, sale);
}

/* A ref already stored: recorded before this run (skip) or in it (error). */
static enum crm_sale_result
ref_seen(struct crm_db *db, long long id, const char *ref, struct crm_err *e)
{
	if (id < db->run_first_sale)
		return CRM_SALE_SKIPPED;
	crm_err_set(e, CRM_EX_DATAERR, "ref '%s' appears twice in the input",
		    ref);
	return CRM_SALE_ERROR;
}

static void
start_run(struct crm_db *db)
{
	db->run_first_sale =
		crm_sql_int(db, "SELECT coalesce(max(id), 0) + 1 FROM purchase");
	db->next_sale = db->run_first_sale;
	db->last_change = (crm_day)crm_sql_int(
		db, "SELECT coalesce(max(day), -2147483647) FROM category_change");
	db->first_sale_day = (crm_day)crm_sql_int(
		db, "SELECT coalesce((SELECT value FROM setting"
		    " WHERE key = 'first_sale_day'), 2147483647)");
}

/* The first purchase of all starts every report's window; it is kept,
 * since min(day) over the purchases would need an index of its own. */
static void
note_first_day(struct crm_db *db, crm_day day)
{
	sqlite3_stmt *st;

	if (day >= db->first_sale_day)
		return;
	db->first_sale_day = day;
	st = crm_sql_stmt(db, ST_SALE_FIRST_DAY,
		     "INSERT OR REPLACE INTO setting (key, value)"
		     " VALUES ('first_sale_day', ?)");
	sqlite3_bind_int(st, 1, day);
	crm_sql_step(db, st, "first sale day");
}

enum crm_sale_result
crm_db_sale_add(struct crm_db *db, const struct crm_sale *s, char *warn,
		size_t warnsz, struct crm_err *e)
{
	const struct queued_sale *waiting;
	struct buyer b;
	struct returned r = {0};
	struct queued_sale row;
	long long sale, taken;

	warn[0] = '\0';
	if (!db->run_first_sale)
		start_run(db);
	if (!crm_db_buyer_load(db, s->customer, s->day, &b))
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "no customer with id '%lld'", s->customer),
		       CRM_SALE_ERROR;
	if (s->ref && !*s->ref)
		return crm_err_set(e, CRM_EX_DATAERR, "ref is empty"),
		       CRM_SALE_ERROR;
	/* a line recorded by an earlier run is skipped before it is
	 * checked again: its return may since have used up its sale, its
	 * customer have moved to a category that must prepay */
	if (s->ref && (waiting = queue_find(db->sales, s->ref)))
		return ref_seen(db, waiting->id, s->ref, e);
	if (s->ref && (taken = crm_db_ref_taken(db, s->ref)))
		return ref_seen(db, taken, s->ref, e);
	if (s->unpaid && s->amount < 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a return (a negative amount) cannot be "
				   "on credit"),
		       CRM_SALE_ERROR;
	if (s->unpaid && b.prepay)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld is in category '%s', which "
				   "must prepay: no sale on credit",
				   s->customer, b.prepay_category),
		       CRM_SALE_ERROR;
	if (s->returns_ref && check_return(db, s, &r, e) < 0)
		return CRM_SALE_ERROR;
	if (crm_db_money_add(db, s, e) < 0)
		return CRM_SALE_ERROR;
	sale = db->next_sale++;
	db->last_sale = sale;
	if (s->ref)
		crm_db_ref_recorded(db, s->ref);
	row = row_of(s, sale, r.id, b.category);
	if (db->sales)
		enqueue(db, &row, s);
	else /* the foreign keys are checked: the bonus row names it */
		write_one(db, &row, s->ref, s->item);
	note_first_day(db, s->day);
	if (b.has_card)
		card_bonus(db, s, &b, &r, sale, warn, warnsz);
	if (b.lost && s->amount >= 0 && s->day >= b.lost_day)
		reactivate(db, s->customer, s->day);
	return CRM_SALE_ADDED;
}

int
crm_db_sale_pay(struct crm_db *db, const char *ref, crm_day day,
		struct crm_err *e)
{
	sqlite3_stmt *st = crm_sql_prepare(db, "SELECT id, paid, amount FROM purchase"
					  " WHERE ref = ?");
	long long id = 0;
	crm_money amount = 0;
	int paid = 0;

	crm_sql_bind_text(st, 1, ref);
	if (crm_sql_step(db, st, "sale by ref") == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		paid = sqlite3_column_int(st, 1);
		amount = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (!id)
		return crm_err_set(e, CRM_EX_NOINPUT, "sale '%s' does not exist",
				   ref);
	if (amount < 0)
		return crm_err_set(e, CRM_EX_DATAERR, "sale '%s' is a return: "
				   "there is nothing to pay", ref);
	if (paid)
		return crm_err_set(e, CRM_EX_DATAERR, "sale '%s' is already paid",
				   ref);
	st = crm_sql_prepare(db, "UPDATE purchase SET paid = 1, paid_day = ?"
			    " WHERE id = ?");
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_int64(st, 2, id);
	crm_sql_step(db, st, "pay");
	sqlite3_finalize(st);
	return 0;
}
