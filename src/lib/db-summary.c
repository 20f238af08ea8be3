/*
 * db-summary.c - the summaries of the purchases, kept current by every
 * write that changes a purchase, so that reports read totals instead of
 * every purchase (crm(7) "Summaries"):
 *
 *   sum_customer  one row per customer with a sale: first and last
 *                 purchase day, purchase days, the totals, the revenue
 *                 of the first day, and the usual gap with the histogram
 *                 of gaps it is the median of;
 *   sum_month     per month, customer and the category on the sale's
 *                 date: the totals (month first: a window of months is a
 *                 range of the key);
 *   sum_day       per day, all customers: the totals.
 *
 * Every purchase written is noted (crm_db_summary_note) and the notes
 * are applied in one pass, in customer order, when a bulk import writes
 * a batch and before any commit (crm_db_summary_flush): one row per
 * customer, month and day touched instead of one per sale; what a batch
 * of customers has stored is read, a question for their rows and one for
 * each month and year, before any of them is written (struct batch).  A sale dated
 * before the customer's last purchase day changes the gaps in the middle,
 * so that customer's row is computed again from their purchases; a dated
 * category move computes again the months it changes.
 *
 * crm_db_summary_check() computes every summary again from the purchases
 * and lists what differs; crm_db_summary_build() fills them when a
 * database is upgraded to them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

/* ---- the histogram of gaps ------------------------------------------- */

/* gaps (days between consecutive purchase days) and how often each */
struct gap_hist {
	uint32_t *gap, *n;
	size_t len, cap;
};

static void
hist_add(struct gap_hist *h, uint32_t gap, uint32_t n)
{
	size_t lo = 0, hi = h->len;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (h->gap[mid] < gap)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->len && h->gap[lo] == gap) {
		h->n[lo] += n;
		return;
	}
	if (h->len == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		h->gap = crm_xrealloc(h->gap, h->cap * sizeof *h->gap);
		h->n = crm_xrealloc(h->n, h->cap * sizeof *h->n);
	}
	memmove(h->gap + lo + 1, h->gap + lo, (h->len - lo) * sizeof *h->gap);
	memmove(h->n + lo + 1, h->n + lo, (h->len - lo) * sizeof *h->n);
	h->gap[lo] = gap;
	h->n[lo] = n;
	h->len++;
}

/* the usual gap of the histogram, by lapse.c's rule */
static long long
hist_median2(const struct gap_hist *h)
{
	struct crm_gap_counts c = {h->gap, h->n, h->len};

	return crm_usual_gap_counted(&c);
}

/* stored as (gap, count) pairs of 32-bit little-endian numbers */
static void
hist_decode(struct gap_hist *h, const unsigned char *b, int len)
{
	h->len = 0;
	for (int i = 0; i + 8 <= len; i += 8) {
		uint32_t g = (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 |
			     (uint32_t)b[i + 2] << 16 | (uint32_t)b[i + 3] << 24;
		uint32_t n = (uint32_t)b[i + 4] | (uint32_t)b[i + 5] << 8 |
			     (uint32_t)b[i + 6] << 16 | (uint32_t)b[i + 7] << 24;

		hist_add(h, g, n);
	}
}

static unsigned char *
hist_encode(const struct gap_hist *h, size_t *len)
{
	unsigned char *b = crm_xmalloc(h->len * 8 + 1);

	for (size_t i = 0; i < h->len; i++)
		for (int k = 0; k < 4; k++) {
			b[8 * i + k] = (unsigned char)(h->gap[i] >> (8 * k));
			b[8 * i + 4 + k] = (unsigned char)(h->n[i] >> (8 * k));
		}
	*len = h->len * 8;
	return b;
}

/* ---- one customer's row, fed their sales in day order ----------------- */

struct cust_sum {
	long long id;
	crm_day first, last; /* purchase days; CRM_NO_DAY: none yet */
	long long days;
	crm_money first_total;
	struct crm_totals t;
	struct gap_hist h;
};

static void
cust_reset(struct cust_sum *c, long long id)
{
	struct gap_hist h = c->h;

	memset(c, 0, sizeof *c);
	h.len = 0;
	c->h = h;
	c->id = id;
	c->first = c->last = CRM_NO_DAY;
}

/* a purchase (amount >= 0) dated on or after the last purchase day, or a
 * return of any date */
static void
cust_feed(struct cust_sum *c, const struct crm_sale_row *r)
{
	crm_totals_add(&c->t, r);
	if (r->amount < 0)
		return;
	if (!c->days) {
		c->first = c->last = r->day;
		c->first_total = r->amount;
		c->days = 1;
	} else if (r->day == c->last) {
		if (r->day == c->first)
			c->first_total += r->amount;
	} else {
		hist_add(&c->h, (uint32_t)(r->day - c->last), 1);
		c->last = r->day;
		c->days++;
	}
}

static void
cust_bind(struct crm_stmt *st, const struct cust_sum *c)
{
	size_t len;
	unsigned char *b = hist_encode(&c->h, &len);

	crm_st_bind_int64(st, 1, c->id);
	if (c->days) {
		crm_st_bind_int(st, 2, c->first);
		crm_st_bind_int(st, 3, c->last);
	} else {
		crm_st_bind_null(st, 2);
		crm_st_bind_null(st, 3);
	}
	crm_st_bind_int64(st, 4, c->days);
	crm_sql_bind_totals(st, 5, &c->t);
	crm_st_bind_int64(st, 12, c->first_total);
	crm_st_bind_int64(st, 13, hist_median2(&c->h));
	crm_st_bind_blob(st, 14, b, (int)len, SQLITE_TRANSIENT);
	free(b);
}

#define CUST_COLS                                                           \
	"customer_id, first_day, last_day, days, " SUM_TOTAL_COLS               \
	", first_total, gap, gaps"
#define CUST_VALUES "?, ?, ?, ?, " SUM_TOTAL_VALUES ", ?, ?, ?"

/* ---- periods: months and years ----------------------------------------- */

crm_day
crm_month_of(crm_day day)
{
	return crm_period_start(CRM_PERIOD_MONTH, day);
}

/* sum_month and sum_year: a row per period, customer and the category
 * of the sales' dates; sum_group: a row per period and category, with
 * the buyers (the customers with a purchase in it) */
enum kind { KIND_MONTH = 1, KIND_YEAR = 2 };
static const char *const kind_table[] = {"", "sum_month", "sum_year"};
static const char *const kind_column[] = {"", "month", "year"};

static crm_day
kind_start(enum kind k, crm_day day)
{
	return crm_period_start(k == KIND_MONTH ? CRM_PERIOD_MONTH
						: CRM_PERIOD_YEAR,
				day);
}

static crm_day
kind_next(enum kind k, crm_day start)
{
	return crm_period_next(k == KIND_MONTH ? CRM_PERIOD_MONTH
					       : CRM_PERIOD_YEAR,
			       start);
}

/* one customer's sums in one period, per category */
struct period_sum {
	crm_day start;
	size_t n, cap;
	long long *cat;
	struct crm_totals *t;
};

static void
period_add(struct period_sum *m, const struct crm_sale_row *r)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->cat[i] == r->category)
			break;
	if (i == m->n) {
		if (m->n == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 4;
			m->cat = crm_xrealloc(m->cat, m->cap * sizeof *m->cat);
			m->t = crm_xrealloc(m->t, m->cap * sizeof *m->t);
		}
		m->cat[i] = r->category;
		memset(&m->t[i], 0, sizeof m->t[i]);
		m->n++;
	}
	crm_totals_add(&m->t[i], r);
}

static void
period_release(struct period_sum *m)
{
	free(m->cat);
	free(m->t);
}

void
crm_sql_bind_totals(struct crm_stmt *st, int at, const struct crm_totals *t)
{
	crm_st_bind_int64(st, at, t->purchases);
	crm_st_bind_int64(st, at + 1, t->revenue);
	crm_st_bind_int64(st, at + 2, t->returns);
	crm_st_bind_int64(st, at + 3, t->p.costed_net);
	crm_st_bind_int64(st, at + 4, t->p.cost);
	crm_st_bind_int64(st, at + 5, t->p.uncosted);
	crm_st_bind_int64(st, at + 6, t->costed);
}

void
crm_sql_totals(struct crm_stmt *st, int at, struct crm_totals *t)
{
	t->purchases = crm_st_column_int64(st, at);
	t->revenue = crm_st_column_int64(st, at + 1);
	t->returns = crm_st_column_int64(st, at + 2);
	t->p.costed_net = crm_st_column_int64(st, at + 3);
	t->p.cost = crm_st_column_int64(st, at + 4);
	t->p.uncosted = crm_st_column_int64(st, at + 5);
	t->costed = crm_st_column_int64(st, at + 6);
}

static void
totals_negate(struct crm_totals *t)
{
	t->purchases = -t->purchases;
	t->revenue = -t->revenue;
	t->returns = -t->returns;
	t->p.costed_net = -t->p.costed_net;
	t->p.cost = -t->p.cost;
	t->p.uncosted = -t->p.uncosted;
	t->costed = -t->costed;
}

/* what a flush adds to sum_group, gathered and written once */
struct group_delta {
	enum kind kind;
	crm_day start;
	long long cat, buyers;
	struct crm_totals t;
};

/*
 * A flush reads what its next customers have stored before it applies
 * any of them: their sum_customer rows, and the rows of the months and
 * years their notes fall in, a batch of customers to a statement.  On a
 * server that is three round trips for the batch instead of up to three
 * for each customer; the writes that follow wait for no answer.  Only a
 * batch's own customers write those rows, each once, so what was read
 * stays true until it is written.
 */
enum {
	BATCH = 128,       /* customers */
	BATCH_STARTS = 16, /* months (years) a batch reads ahead; more: ask */
	/* In SQLite a question costs a look-up, not a round trip: reading
	 * ahead every month for every customer of the batch looks up
	 * pairs that have no row, and made an import of a year's sales
	 * in no order take 1.7 times as long.  Sales in date order fall in
	 * one month a batch, where reading ahead costs nothing. */
	BATCH_STARTS_LOCAL = 1
};

struct known_period {
	long long customer, cat, purchases;
	crm_day start;
};

/* the rows of one kind (months or years) a batch read */
struct known_periods {
	crm_day start[BATCH_STARTS];
	int nstart; /* -1: too many, not read ahead */
	struct known_period *row; /* by customer, start, category */
	size_t nrow, cap;
};

struct batch {
	int max_starts; /* BATCH_STARTS on a server, else _LOCAL */
	long long id[BATCH]; /* the customers, ascending */
	struct cust_sum cust[BATCH]; /* their rows; no days when none */
	int stored[BATCH];
	size_t n;
	struct known_periods kind[3];
};

static int
batch_knows(const struct batch *b, enum kind kind, crm_day start)
{
	if (!b || b->kind[kind].nstart < 0)
		return 0;
	for (int i = 0; i < b->kind[kind].nstart; i++)
		if (b->kind[kind].start[i] == start)
			return 1;
	return 0;
}

static int
known_cmp(const struct known_period *x, long long customer, crm_day start,
	  long long cat)
{
	if (x->customer != customer)
		return x->customer < customer ? -1 : 1;
	if (x->start != start)
		return x->start < start ? -1 : 1;
	return (x->cat > cat) - (x->cat < cat);
}

/* whether the row of (start, customer, cat) is there, and its purchases */
static int
batch_purchases(const struct batch *b, enum kind kind, crm_day start,
		long long customer, long long cat, long long *purchases)
{
	size_t lo = 0, hi = b->kind[kind].nrow;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = known_cmp(&b->kind[kind].row[mid], customer, start, cat);

		if (c == 0) {
			*purchases = b->kind[kind].row[mid].purchases;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * Where computed rows go: the live tables, added to (a flush), or fresh
 * tables of a schema, inserted into (a build, a check), whose sum_group
 * is then made from them by SQL.
 */
struct sum_writer {
	struct crm_stmt *cust, *period[3]; /* inserts; owned when fresh */
	struct crm_stmt *cust_update, *add[3]; /* the live tables: add to */
	struct crm_stmt *bump[3]; /* ... a row known to be there */
	int fresh;
	int stored; /* the customer has a row in sum_customer: its periods
		     * may have rows too (none without it) */
	const struct batch *batch; /* what a flush read ahead, or NULL */
	struct group_delta *g;
	size_t ng, gcap;
};

/*
 * An upsert (INSERT ... ON CONFLICT DO UPDATE) would open a statement
 * journal for every row, which cost a bulk import ten times its time in
 * allocations; an UPDATE OR FAIL, then an INSERT OR FAIL when there was
 * no row, opens none, and what the update returns says whether the row
 * had a purchase before.
 */
static void
writer_open(struct crm_db *db, struct sum_writer *w, const char *schema)
{
	static const enum db_slot ins[] = {0, ST_SUM_MONTH_ADD, ST_SUM_YEAR_ADD},
				  add[] = {0, ST_SUM_MONTH_UPDATE,
					   ST_SUM_YEAR_UPDATE},
				  bump[] = {0, ST_SUM_MONTH_BUMP,
					    ST_SUM_YEAR_BUMP};
	static const char add_sql[] =
		"UPDATE OR FAIL main.%s SET"
		" purchases = purchases + ?4,"
		" revenue = revenue + ?5, returns = returns + ?6,"
		" costed_net = costed_net + ?7, cost = cost + ?8,"
		" uncosted = uncosted + ?9, costed = costed + ?10"
		" WHERE %s = ?1 AND customer_id = ?2"
		" AND category_id = ?3%s";
	char sql[512];

	memset(w, 0, sizeof *w);
	w->fresh = schema != NULL;
	if (!w->fresh) {
		w->cust = crm_sql_stmt(db, ST_SUM_CUSTOMER_WRITE,
				       "INSERT OR FAIL INTO main.sum_customer ("
				       CUST_COLS ") VALUES (" CUST_VALUES ")");
		w->cust_update = crm_sql_stmt(
			db, ST_SUM_CUSTOMER_UPDATE,
			"UPDATE OR FAIL main.sum_customer SET first_day = ?2,"
			" last_day = ?3, days = ?4, purchases = ?5, revenue = ?6,"
			" returns = ?7, costed_net = ?8, cost = ?9, uncosted = ?10,"
			" costed = ?11, first_total = ?12, gap = ?13, gaps = ?14"
			" WHERE customer_id = ?1");
		for (int k = KIND_MONTH; k <= KIND_YEAR; k++) {
			snprintf(sql, sizeof sql,
				 "INSERT OR FAIL INTO main.%s (%s, customer_id,"
				 " category_id, " SUM_TOTAL_COLS ")"
				 " VALUES (?, ?, ?, " SUM_TOTAL_VALUES ")",
				 kind_table[k], kind_column[k]);
			w->period[k] = crm_sql_stmt(db, ins[k], sql);
			snprintf(sql, sizeof sql, add_sql, kind_table[k],
				 kind_column[k], " RETURNING purchases");
			w->add[k] = crm_sql_stmt(db, add[k], sql);
			snprintf(sql, sizeof sql, add_sql, kind_table[k],
				 kind_column[k], "");
			w->bump[k] = crm_sql_stmt(db, bump[k], sql);
		}
		return;
	}
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s.sum_customer (" CUST_COLS
		 ") VALUES (" CUST_VALUES ")",
		 schema);
	w->cust = crm_sql_prepare(db, sql);
	for (int k = KIND_MONTH; k <= KIND_YEAR; k++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO %s.%s (%s, customer_id, category_id, "
			 SUM_TOTAL_COLS ") VALUES (?, ?, ?, " SUM_TOTAL_VALUES ")",
			 schema, kind_table[k], kind_column[k]);
		w->period[k] = crm_sql_prepare(db, sql);
	}
}

static void
group_add(struct sum_writer *w, enum kind kind, crm_day start, long long cat,
	  const struct crm_totals *t, long long buyers)
{
	struct group_delta *d;
	size_t i;

	for (i = w->ng; i > 0; i--) {
		d = &w->g[i - 1];
		if (d->kind == kind && d->start == start && d->cat == cat) {
			crm_totals_merge(&d->t, t);
			d->buyers += buyers;
			return;
		}
	}
	if (w->ng == w->gcap) {
		w->gcap = w->gcap ? 2 * w->gcap : 16;
		w->g = crm_xrealloc(w->g, w->gcap * sizeof *w->g);
	}
	d = &w->g[w->ng++];
	d->kind = kind;
	d->start = start;
	d->cat = cat;
	d->t = *t;
	d->buyers = buyers;
}

/* the groups' deltas into sum_group; a group left without a sale (a
 * dated move took its last one away) is no group */
static void
writer_close(struct crm_db *db, struct sum_writer *w)
{
	struct crm_stmt *add, *drop;

	if (w->fresh) {
		crm_st_finalize(w->cust);
		for (int k = KIND_MONTH; k <= KIND_YEAR; k++)
			crm_st_finalize(w->period[k]);
		return;
	}
	if (w->ng) {
		add = crm_sql_stmt(db, ST_SUM_GROUP_ADD,
				   "INSERT INTO main.sum_group (kind, start,"
				   " category_id, " SUM_TOTAL_COLS ", buyers)"
				   " VALUES (?, ?, ?, " SUM_TOTAL_VALUES ", ?)"
				   " ON CONFLICT (kind, start, category_id)"
				   " DO UPDATE SET" SUM_TOTAL_ADD("sum_group") ","
				   " buyers = sum_group.buyers + excluded.buyers");
		drop = crm_sql_stmt(db, ST_SUM_GROUP_DROP,
				    "DELETE FROM main.sum_group WHERE kind = ?"
				    " AND start = ? AND category_id = ?"
				    " AND purchases = 0 AND returns = 0");
		for (size_t i = 0; i < w->ng; i++) {
			const struct group_delta *d = &w->g[i];

			crm_st_bind_int(add, 1, d->kind);
			crm_st_bind_int(add, 2, d->start);
			crm_st_bind_int64(add, 3, d->cat);
			crm_sql_bind_totals(add, 4, &d->t);
			crm_st_bind_int64(add, 11, d->buyers);
			crm_sql_write(db, add, "group summary");
			crm_st_reset(add);
			crm_st_bind_int(drop, 1, d->kind);
			crm_st_bind_int(drop, 2, d->start);
			crm_st_bind_int64(drop, 3, d->cat);
			crm_sql_write(db, drop, "group summary");
			crm_st_reset(drop);
		}
	}
	free(w->g);
}

/* stored: the row exists and is updated (the live tables only) */
static void
cust_write(struct crm_db *db, struct sum_writer *w, const struct cust_sum *c,
	   int stored)
{
	struct crm_stmt *st = stored ? w->cust_update : w->cust;

	cust_bind(st, c);
	crm_sql_write(db, st, "customer summary");
	crm_st_reset(st);
}

/* bind a period row's key and totals: ?1 start, ?2 customer, ?3 category */
static void
bind_period(struct crm_stmt *st, crm_day start, long long customer,
	    long long cat, const struct crm_totals *t)
{
	crm_st_bind_int(st, 1, start);
	crm_st_bind_int64(st, 2, customer);
	crm_st_bind_int64(st, 3, cat);
	if (t)
		crm_sql_bind_totals(st, 4, t);
}

/* one customer's period, added or inserted as w says; what it adds to
 * its groups, and whether it makes the customer a buyer of the period */
static void
period_write(struct crm_db *db, struct sum_writer *w, enum kind kind,
	     long long customer, struct period_sum *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct crm_stmt *st = w->period[kind];
		long long before = 0;
		int found = 0;

		/* a customer's first sales need not ask, nor need a sale
		 * whose period the flush read ahead: on a server each
		 * question is a round trip */
		if (!w->fresh && w->stored &&
		    batch_knows(w->batch, kind, m->start)) {
			found = batch_purchases(w->batch, kind, m->start,
						customer, m->cat[i], &before);
			if (found) {
				bind_period(w->bump[kind], m->start, customer,
					    m->cat[i], &m->t[i]);
				crm_sql_write(db, w->bump[kind], "period summary");
				crm_st_reset(w->bump[kind]);
			}
		} else if (!w->fresh && w->stored) {
			struct crm_stmt *add = w->add[kind];

			bind_period(add, m->start, customer, m->cat[i], &m->t[i]);
			found = crm_sql_step(db, add, "period summary") ==
				SQLITE_ROW;
			if (found)
				before = crm_st_column_int64(add, 0) -
					 m->t[i].purchases;
			crm_st_reset(add);
		}
		if (!w->fresh)
			group_add(w, kind, m->start, m->cat[i], &m->t[i],
				  before == 0 && m->t[i].purchases > 0);
		if (!found) {
			bind_period(st, m->start, customer, m->cat[i], &m->t[i]);
			crm_sql_write(db, st, "period summary");
			crm_st_reset(st);
		}
	}
	m->n = 0;
}

/* a customer's sales in day order, summed per month and per year */
struct periods {
	struct period_sum p[3];
};

static void
periods_feed(struct crm_db *db, struct sum_writer *w, struct periods *ps,
	     const struct crm_sale_row *r)
{
	for (int k = KIND_MONTH; k <= KIND_YEAR; k++) {
		struct period_sum *m = &ps->p[k];
		crm_day start = kind_start((enum kind)k, r->day);

		if (m->n && start != m->start)
			period_write(db, w, (enum kind)k, r->customer, m);
		m->start = start;
		period_add(m, r);
	}
}

static void
periods_end(struct crm_db *db, struct sum_writer *w, struct periods *ps,
	    long long customer)
{
	for (int k = KIND_MONTH; k <= KIND_YEAR; k++)
		if (ps->p[k].n)
			period_write(db, w, (enum kind)k, customer, &ps->p[k]);
}

static void
periods_release(struct periods *ps)
{
	for (int k = KIND_MONTH; k <= KIND_YEAR; k++)
		period_release(&ps->p[k]);
}

/* c from the row of sum_customer st is on (CUST_COLS) */
static void
cust_load(struct crm_stmt *st, struct cust_sum *c)
{
	cust_reset(c, crm_st_column_int64(st, 0));
	c->days = crm_st_column_int64(st, 3);
	if (c->days) {
		c->first = (crm_day)crm_st_column_int64(st, 1);
		c->last = (crm_day)crm_st_column_int64(st, 2);
	}
	crm_sql_totals(st, 4, &c->t);
	c->first_total = crm_st_column_int64(st, 11);
	hist_decode(&c->h, crm_st_column_blob(st, 13),
		    crm_st_column_bytes(st, 13));
}

/* ---- days -------------------------------------------------------------- */

static void
day_add(struct crm_db *db, crm_day day, const struct crm_totals *t)
{
	struct crm_stmt *st = crm_sql_stmt(
		db, ST_SUM_DAY_ADD,
		"INSERT INTO main.sum_day (day, " SUM_TOTAL_COLS ")"
		" VALUES (?, " SUM_TOTAL_VALUES ") ON CONFLICT (day) DO UPDATE SET"
		SUM_TOTAL_ADD("sum_day"));

	crm_st_bind_int(st, 1, day);
	crm_sql_bind_totals(st, 2, t);
	crm_sql_write(db, st, "day summary");
}


/* ---- the notes of a transaction, applied at once ------------------------ */

struct summary_note {
	long long customer, category;
	crm_day day;
	crm_money amount, cost;
	int costed;
};

void
crm_db_summary_note(struct crm_db *db, long long customer, long long category,
		    crm_day day, crm_money amount, crm_money cost, int costed)
{
	struct summary_note *n;

	if (db->nnotes == db->notes_cap) {
		db->notes_cap = db->notes_cap ? 2 * db->notes_cap : 64;
		db->notes = crm_xrealloc(db->notes,
					 db->notes_cap * sizeof *db->notes);
	}
	n = &db->notes[db->nnotes++];
	n->customer = customer;
	n->category = category;
	n->day = day;
	n->amount = amount;
	n->cost = cost;
	n->costed = costed;
}

static struct crm_sale_row
note_row(const struct summary_note *n)
{
	struct crm_sale_row r;

	r.customer = n->customer;
	r.category = n->category;
	r.day = n->day;
	r.amount = n->amount;
	r.cost = n->costed ? n->cost : 0;
	r.costed = n->costed;
	return r;
}

static int
by_customer_day(const void *a, const void *b)
{
	const struct summary_note *x = a, *y = b;

	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

static int
by_day(const void *a, const void *b)
{
	const struct summary_note *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

/* the starts of kind among notes n[0..k-1]; too many: nstart -1 */
static void
batch_starts(struct batch *b, enum kind kind, const struct summary_note *n,
	     size_t k)
{
	b->kind[kind].nstart = 0;
	b->kind[kind].nrow = 0;
	for (size_t i = 0; i < k; i++) {
		crm_day s = kind_start(kind, n[i].day);

		if (batch_knows(b, kind, s))
			continue;
		if (b->kind[kind].nstart == b->max_starts) {
			b->kind[kind].nstart = -1;
			return;
		}
		b->kind[kind].start[b->kind[kind].nstart++] = s;
	}
}

/* "?1, ?2, ..., ?n" after sql[len] */
static size_t
params(char *sql, size_t size, size_t len, int from, int n)
{
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(sql + len, size - len, "%s?%d",
					i ? ", " : "", from + i);
	return len;
}

static void
batch_customers(struct crm_db *db, struct batch *b)
{
	char sql[128 + BATCH * 8];
	size_t len, k = 0;
	struct crm_stmt *st;

	len = (size_t)snprintf(sql, sizeof sql, "SELECT " CUST_COLS
			       " FROM main.sum_customer WHERE customer_id IN (");
	len = params(sql, sizeof sql, len, 1, BATCH);
	snprintf(sql + len, sizeof sql - len, ") ORDER BY customer_id");
	st = crm_sql_stmt(db, ST_SUM_CUSTOMER_READ, sql);
	crm_st_replan(st);
	for (int i = 0; i < BATCH; i++)
		crm_st_bind_int64(st, i + 1,
				  b->id[(size_t)i < b->n ? (size_t)i : b->n - 1]);
	for (size_t i = 0; i < b->n; i++) {
		cust_reset(&b->cust[i], b->id[i]);
		b->stored[i] = 0;
	}
	while (crm_sql_step(db, st, "customer summary") == SQLITE_ROW) {
		long long id = crm_st_column_int64(st, 0);

		while (k < b->n && b->id[k] < id)
			k++;
		if (k < b->n && b->id[k] == id) {
			cust_load(st, &b->cust[k]);
			b->stored[k] = 1;
		}
	}
	crm_st_reset(st);
}

static int
known_order(const void *a, const void *b)
{
	const struct known_period *y = b;

	return known_cmp(a, y->customer, y->start, y->cat);
}

/*
 * The rows of kind of the batch's stored customers in its starts, a
 * question for each start, each planned for its values (crm_st_replan).
 * A plan made once for any values, while the table was new and had no
 * statistics, looked up only the start in the key and filtered every
 * customer of it: 80 ms a batch, and an import of 10M sales crawled at
 * 500 lines a second.  Planned for its values it still did, as the
 * statistics of a table filled by this transaction say it is small; the
 * batch's range of ids (ascending, so first and last) is a range of the
 * key that any plan walks.
 */
static void
batch_periods(struct crm_db *db, struct batch *b, enum kind kind)
{
	static const enum db_slot slot[] = {0, ST_SUM_MONTH_KNOWN,
					    ST_SUM_YEAR_KNOWN};
	char sql[256 + BATCH * 8];
	long long ids[BATCH];
	size_t len, nids = 0;
	struct crm_stmt *st;
	struct known_periods *kd = &b->kind[kind];

	for (size_t i = 0; i < b->n; i++)
		if (b->stored[i])
			ids[nids++] = b->id[i];
	if (kd->nstart <= 0 || nids == 0)
		return;
	/* the range of ids bounds the walk of the key whatever the plan */
	len = (size_t)snprintf(sql, sizeof sql, "SELECT customer_id, %s,"
			       " category_id, purchases FROM main.%s WHERE"
			       " %s = ?1 AND customer_id BETWEEN ?2 AND ?3"
			       " AND customer_id IN (",
			       kind_column[kind], kind_table[kind],
			       kind_column[kind]);
	len = params(sql, sizeof sql, len, 4, BATCH);
	snprintf(sql + len, sizeof sql - len, ")");
	st = crm_sql_stmt(db, slot[kind], sql);
	crm_st_replan(st);
	crm_st_bind_int64(st, 2, ids[0]);
	crm_st_bind_int64(st, 3, ids[nids - 1]);
	for (int i = 0; i < BATCH; i++)
		crm_st_bind_int64(st, 4 + i,
				  ids[(size_t)i < nids ? (size_t)i : nids - 1]);
	for (int k = 0; k < kd->nstart; k++) {
		crm_st_bind_int(st, 1, kd->start[k]);
		while (crm_sql_step(db, st, "period summary") == SQLITE_ROW) {
			struct known_period *r;

			if (kd->nrow == kd->cap) {
				kd->cap = kd->cap ? 2 * kd->cap : 256;
				kd->row = crm_xrealloc(kd->row,
						       kd->cap * sizeof *kd->row);
			}
			r = &kd->row[kd->nrow++];
			r->customer = crm_st_column_int64(st, 0);
			r->start = (crm_day)crm_st_column_int64(st, 1);
			r->cat = crm_st_column_int64(st, 2);
			r->purchases = crm_st_column_int64(st, 3);
		}
		crm_st_reset(st);
	}
	crm_sort(kd->row, kd->nrow, sizeof *kd->row, known_order);
}

/* Read ahead for the customers of notes n[0..k-1] (sorted by customer),
 * as many as a batch holds; returns how many notes are theirs. */
static size_t
batch_read(struct crm_db *db, struct batch *b, const struct summary_note *n,
	   size_t k)
{
	size_t end = 0;

	b->n = 0;
	while (end < k && (b->n < BATCH || n[end].customer == b->id[b->n - 1])) {
		if (!b->n || n[end].customer != b->id[b->n - 1])
			b->id[b->n++] = n[end].customer;
		end++;
	}
	batch_customers(db, b);
	for (int kind = KIND_MONTH; kind <= KIND_YEAR; kind++) {
		batch_starts(b, (enum kind)kind, n, end);
		batch_periods(db, b, (enum kind)kind);
	}
	return end;
}

static void
batch_release(struct batch *b)
{
	for (size_t i = 0; i < BATCH; i++) {
		free(b->cust[i].h.gap);
		free(b->cust[i].h.n);
	}
	for (int kind = KIND_MONTH; kind <= KIND_YEAR; kind++)
		free(b->kind[kind].row);
}

static void rebuild_customer(struct crm_db *db, struct cust_sum *c);

/* one customer's notes n[0..k-1], in day order; c their stored row
 * (stored), else no days */
static void
apply_customer(struct crm_db *db, struct sum_writer *w,
	       const struct summary_note *n, size_t k, struct cust_sum *c,
	       int stored, struct periods *ps)
{
	int again = 0;

	w->stored = stored;

	for (size_t i = 0; i < k; i++) {
		struct crm_sale_row r = note_row(&n[i]);

		periods_feed(db, w, ps, &r);
		/* a purchase before the last purchase day: the gaps change
		 * in the middle, so the customer is summed again */
		if (r.amount >= 0 && c->days && r.day < c->last)
			again = 1;
		if (!again)
			cust_feed(c, &r);
	}
	periods_end(db, w, ps, n[0].customer);
	if (again)
		rebuild_customer(db, c);
	cust_write(db, w, c, stored);
}

static void
apply_days(struct crm_db *db)
{
	size_t i, j;

	crm_sort(db->notes, db->nnotes, sizeof *db->notes, by_day);
	for (i = 0; i < db->nnotes; i = j) {
		struct crm_totals t = {0};

		for (j = i; j < db->nnotes && db->notes[j].day == db->notes[i].day;
		     j++) {
			struct crm_sale_row r = note_row(&db->notes[j]);

			crm_totals_add(&t, &r);
		}
		day_add(db, db->notes[i].day, &t);
	}
}

void
crm_db_summary_flush(struct crm_db *db)
{
	struct batch *b;
	struct periods ps = {0};
	struct sum_writer w;
	size_t i, j, end;

	if (!db->nnotes)
		return;
	b = crm_xmalloc(sizeof *b);
	memset(b, 0, sizeof *b);
	b->max_starts = db->pg ? BATCH_STARTS : BATCH_STARTS_LOCAL;
	writer_open(db, &w, NULL);
	w.batch = b;
	crm_sort(db->notes, db->nnotes, sizeof *db->notes, by_customer_day);
	for (i = 0; i < db->nnotes; i = end) {
		size_t c = 0;

		end = i + batch_read(db, b, db->notes + i, db->nnotes - i);
		for (; i < end; i = j, c++) {
			for (j = i + 1; j < end &&
					db->notes[j].customer == db->notes[i].customer;
			     j++)
				;
			apply_customer(db, &w, db->notes + i, j - i,
				       &b->cust[c], b->stored[c], &ps);
		}
	}
	w.batch = NULL;
	writer_close(db, &w);
	apply_days(db);
	db->nnotes = 0;
	batch_release(b);
	free(b);
	periods_release(&ps);
}

void
crm_db_summary_forget(struct crm_db *db)
{
	db->nnotes = 0;
}

/* ---- computed again from the purchases ---------------------------------- */

static struct crm_stmt *
customer_purchases(struct crm_db *db, long long id, crm_day from)
{
	/* prepared once: a back-dated sale or a dated move asks it for
	 * each customer it touches */
	struct crm_stmt *st = crm_sql_stmt(
		db, ST_SUM_PURCHASES,
		"SELECT customer_id, day, amount, cost, category_id"
		" FROM purchase INDEXED BY purchase_customer"
		" WHERE customer_id = ? AND day >= ? ORDER BY day");

	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, from);
	return st;
}

static void
read_row(struct crm_stmt *st, struct crm_sale_row *r)
{
	r->customer = crm_st_column_int64(st, 0);
	r->day = (crm_day)crm_st_column_int64(st, 1);
	r->amount = crm_st_column_int64(st, 2);
	r->cost = crm_st_column_int64(st, 3);
	r->costed = crm_st_column_type(st, 3) != SQLITE_NULL;
	r->category = crm_st_column_int64(st, 4);
}

static void
rebuild_customer(struct crm_db *db, struct cust_sum *c)
{
	struct crm_stmt *st = customer_purchases(db, c->id, CRM_NO_DAY);
	struct crm_sale_row r;

	cust_reset(c, c->id);
	while (crm_sql_step(db, st, "purchases") == SQLITE_ROW) {
		read_row(st, &r);
		cust_feed(c, &r);
	}
	crm_st_reset(st);
}

/* Take customer id's rows of one kind out from the period of from on,
 * with what they gave their groups. */
static void
periods_remove(struct crm_db *db, struct sum_writer *w, enum kind kind,
	       long long id, crm_day from)
{
	char sql[256];
	struct crm_stmt *get, *del;
	crm_day last = crm_db_last_sale_day(db);

	snprintf(sql, sizeof sql, "SELECT category_id, " SUM_TOTAL_COLS
		 " FROM main.%s WHERE %s = ? AND customer_id = ?",
		 kind_table[kind], kind_column[kind]);
	get = crm_sql_stmt(db, kind == KIND_MONTH ? ST_SUM_MONTH_OF
						  : ST_SUM_YEAR_OF, sql);
	snprintf(sql, sizeof sql, "DELETE FROM main.%s WHERE %s = ?"
		 " AND customer_id = ?", kind_table[kind], kind_column[kind]);
	del = crm_sql_stmt(db, kind == KIND_MONTH ? ST_SUM_MONTH_DROP
						  : ST_SUM_YEAR_DROP, sql);
	for (crm_day s = kind_start(kind, from); s <= last; s = kind_next(kind, s)) {
		crm_st_bind_int(get, 1, s);
		crm_st_bind_int64(get, 2, id);
		while (crm_sql_step(db, get, "period summary") == SQLITE_ROW) {
			struct crm_totals t;

			crm_sql_totals(get, 1, &t);
			totals_negate(&t);
			group_add(w, kind, s, crm_st_column_int64(get, 0), &t,
				  t.purchases < 0 ? -1 : 0);
		}
		crm_st_reset(get);
		crm_st_bind_int(del, 1, s);
		crm_st_bind_int64(del, 2, id);
		crm_sql_step(db, del, "period summary");
		crm_st_reset(del);
	}
}

/* ... and put them back from the purchases */
static void
periods_again(struct crm_db *db, struct sum_writer *w, enum kind kind,
	      long long id, crm_day from)
{
	struct crm_stmt *st = customer_purchases(db, id, kind_start(kind, from));
	struct period_sum m = {0};
	struct crm_sale_row r;

	while (crm_sql_step(db, st, "purchases") == SQLITE_ROW) {
		crm_day start;

		read_row(st, &r);
		start = kind_start(kind, r.day);
		if (m.n && start != m.start)
			period_write(db, w, kind, id, &m);
		m.start = start;
		period_add(&m, &r);
	}
	if (m.n)
		period_write(db, w, kind, id, &m);
	crm_st_reset(st);
	period_release(&m);
}

void
crm_db_summary_periods_again(struct crm_db *db, long long id, crm_day from)
{
	struct sum_writer w;

	crm_db_summary_flush(db);
	writer_open(db, &w, NULL);
	for (int k = KIND_MONTH; k <= KIND_YEAR; k++) {
		periods_remove(db, &w, (enum kind)k, id, from);
		periods_again(db, &w, (enum kind)k, id, from);
	}
	writer_close(db, &w);
}

/* Every customer's and period's summary from the purchases, into the
 * (empty) tables of schema; the days and the groups by SQL. */
static void
compute_into(struct crm_db *db, const char *schema)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT customer_id, day, amount, cost, category_id"
		    " FROM purchase INDEXED BY purchase_customer"
		    " ORDER BY customer_id, day");
	struct cust_sum c = {0};
	struct periods ps = {0};
	struct crm_sale_row r;
	struct sum_writer w;
	char sql[512];
	int have = 0;

	writer_open(db, &w, schema);
	while (crm_sql_step(db, st, "purchases") == SQLITE_ROW) {
		read_row(st, &r);
		if (have && r.customer != c.id) {
			periods_end(db, &w, &ps, c.id);
			cust_write(db, &w, &c, 0);
			have = 0;
		}
		if (!have) {
			cust_reset(&c, r.customer);
			have = 1;
		}
		periods_feed(db, &w, &ps, &r);
		cust_feed(&c, &r);
	}
	if (have) {
		periods_end(db, &w, &ps, c.id);
		cust_write(db, &w, &c, 0);
	}
	crm_st_finalize(st);
	writer_close(db, &w);
	free(c.h.gap);
	free(c.h.n);
	periods_release(&ps);
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s.sum_day (day, " SUM_TOTAL_COLS ") " SUM_DAY_SQL
		 " GROUP BY day",
		 schema);
	crm_sql_exec(db, sql);
	for (int k = KIND_MONTH; k <= KIND_YEAR; k++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO %s.sum_group (kind, start, category_id, "
			 SUM_TOTAL_COLS ", buyers) SELECT %d, %s, category_id,"
			 " sum(purchases), sum(revenue), sum(returns),"
			 " sum(costed_net), sum(cost), sum(uncosted), sum(costed),"
			 " sum(purchases > 0) FROM %s.%s GROUP BY %s, category_id",
			 schema, k, kind_column[k], schema, kind_table[k],
			 kind_column[k]);
		crm_sql_exec(db, sql);
	}
}

void
crm_db_summary_build(struct crm_db *db)
{
	crm_sql_exec(db, "DELETE FROM sum_customer; DELETE FROM sum_month;"
			 " DELETE FROM sum_year; DELETE FROM sum_group;"
			 " DELETE FROM sum_day;");
	compute_into(db, "main");
	crm_sql_exec(db, "INSERT OR REPLACE INTO setting (key, value)"
			 " SELECT 'last_sale_day', max(day) FROM purchase"
			 " HAVING count(*) > 0");
}

/* ---- the check ---------------------------------------------------------- */

static long long
report_diff(struct crm_db *db, const char *sql, const char *what,
	    void (*fn)(const char *what, const char *key, void *arg),
	    void *arg)
{
	struct crm_stmt *st = crm_sql_prepare(db, sql);
	long long n = 0;
	char key[128];

	while (crm_sql_step(db, st, what) == SQLITE_ROW) {
		const char *k = (const char *)crm_st_column_text(st, 0);

		snprintf(key, sizeof key, "%s", k ? k : "");
		fn(what, key, arg);
		n++;
	}
	crm_st_finalize(st);
	return n;
}

long long
crm_db_summary_check(struct crm_db *db,
		     void (*fn)(const char *what, const char *key, void *arg),
		     void *arg)
{
	long long n = 0;

	crm_sql_exec(db, "CREATE TEMP TABLE sum_customer AS SELECT * FROM"
			 " main.sum_customer WHERE FALSE;"
			 "CREATE TEMP TABLE sum_month AS SELECT * FROM"
			 " main.sum_month WHERE FALSE;"
			 "CREATE TEMP TABLE sum_year AS SELECT * FROM"
			 " main.sum_year WHERE FALSE;"
			 "CREATE TEMP TABLE sum_group AS SELECT * FROM"
			 " main.sum_group WHERE FALSE;"
			 "CREATE TEMP TABLE sum_day AS SELECT * FROM"
			 " main.sum_day WHERE FALSE;");
	compute_into(db, "temp");
	/* a key listed once for each side it differs on */
	n += report_diff(
		db,
		"SELECT 'customer ' || customer_id FROM ("
		" SELECT * FROM (SELECT * FROM main.sum_customer EXCEPT"
		"  SELECT * FROM temp.sum_customer) a UNION ALL"
		" SELECT * FROM (SELECT * FROM temp.sum_customer EXCEPT"
		"  SELECT * FROM main.sum_customer) b) d"
		" GROUP BY customer_id ORDER BY customer_id",
		"sum_customer", fn, arg);
	n += report_diff(
		db,
		"SELECT 'month ' || date(month * 86400, 'unixepoch')"
		" || ', customer ' || customer_id || ', category ' ||"
		" category_id FROM ("
		" SELECT * FROM (SELECT * FROM main.sum_month EXCEPT"
		"  SELECT * FROM temp.sum_month) a UNION ALL"
		" SELECT * FROM (SELECT * FROM temp.sum_month EXCEPT"
		"  SELECT * FROM main.sum_month) b) d"
		" GROUP BY month, customer_id, category_id"
		" ORDER BY month, customer_id, category_id",
		"sum_month", fn, arg);
	n += report_diff(
		db,
		"SELECT 'year ' || date(year * 86400, 'unixepoch')"
		" || ', customer ' || customer_id || ', category ' ||"
		" category_id FROM ("
		" SELECT * FROM (SELECT * FROM main.sum_year EXCEPT"
		"  SELECT * FROM temp.sum_year) a UNION ALL"
		" SELECT * FROM (SELECT * FROM temp.sum_year EXCEPT"
		"  SELECT * FROM main.sum_year) b) d"
		" GROUP BY year, customer_id, category_id"
		" ORDER BY year, customer_id, category_id",
		"sum_year", fn, arg);
	n += report_diff(
		db,
		"SELECT CASE kind WHEN 1 THEN 'month ' ELSE 'year ' END"
		" || date(start * 86400, 'unixepoch') || ', category ' ||"
		" category_id FROM ("
		" SELECT * FROM (SELECT * FROM main.sum_group EXCEPT"
		"  SELECT * FROM temp.sum_group) a UNION ALL"
		" SELECT * FROM (SELECT * FROM temp.sum_group EXCEPT"
		"  SELECT * FROM main.sum_group) b) d"
		" GROUP BY kind, start, category_id"
		" ORDER BY kind, start, category_id",
		"sum_group", fn, arg);
	n += report_diff(
		db,
		"SELECT 'day ' || date(day * 86400, 'unixepoch') FROM ("
		" SELECT * FROM (SELECT * FROM main.sum_day EXCEPT"
		"  SELECT * FROM temp.sum_day) a UNION ALL"
		" SELECT * FROM (SELECT * FROM temp.sum_day EXCEPT"
		"  SELECT * FROM main.sum_day) b) d"
		" GROUP BY day ORDER BY day",
		"sum_day", fn, arg);
	n += report_diff(
		db,
		"SELECT 'last_sale_day' WHERE (SELECT max(day) FROM purchase)"
		" IS NOT (SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'last_sale_day')",
		"setting", fn, arg);
	crm_sql_exec(db, "DROP TABLE temp.sum_customer;"
			 " DROP TABLE temp.sum_month; DROP TABLE temp.sum_year;"
			 " DROP TABLE temp.sum_group; DROP TABLE temp.sum_day;");
	return n;
}
