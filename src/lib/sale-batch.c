/*
 * sale-batch.c - a bulk import's sales, recorded a batch at a time in
 * customer order.
 *
 * A till's export comes in date order, so its customers are scattered:
 * recorded line by line, every sale looks up a customer page and inserts
 * into a page of the (customer, day) index that the last sale did not
 * touch.  Sorted by customer, a batch visits those pages in order and
 * each once; the other indexes (ref, item) grow at their ends either way.
 * That alone made the import 1.5 times as fast (bench/README.md).
 *
 * Sorting changes no answer: sales of one customer keep their input
 * order, and sales of different customers meet only through their refs.
 * A line whose ref appeared earlier in the same batch is recorded after
 * the others, in input order, so the earlier line has won or failed by
 * then, as it would have line by line.  Messages are printed in line
 * order, and without --keep-going the first bad line is the one reported.
 *
 * The batch owns the import (struct crm_import): what storage defers or
 * caches for the run lives there, and crm_sale_batch_end() has it
 * written before the caller commits.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* 65,536 lines: about 6 MB queued; larger batches grow the span of the
 * ref and item indexes that a batch touches past the page cache */
#define BATCH_LINES 65536
#define BATCH_TEXT (4u << 20) /* a batch ends early when its text is full */
#define HASH_SLOTS (2 * BATCH_LINES)
#define NONE ((size_t)-1)
#define MAX_KEYED ((1ULL << 47) - 1) /* a customer id in a sort key */
_Static_assert(BATCH_LINES <= 65536, "a line's index fits 16 bits of a key");

struct queued {
	long long customer;
	crm_money amount, cost;
	long line;
	crm_day day;
	unsigned char has_cost, unpaid, deferred;
	size_t ref, item, returns_ref, reason, staff; /* offsets in text, or NONE */
};

struct message {
	long line;
	int status; /* 0: a warning */
	size_t text;
};

struct crm_sale_batch {
	struct crm_db *db;
	struct crm_import *imp;
	struct crm_progress *progress;
	int keep_going, verbose;
	long long added, skipped, bad, short_returns;
	struct queued *q;
	size_t nq;
	uint64_t *order, *spare; /* customer << 16 | index, and room to sort */
	char *text;
	size_t ntext, text_cap;
	struct queued *sorted; /* q in the order of recording, */
	char *sorted_text;     /* with its strings */
	size_t sorted_cap;
	unsigned *slots; /* ref hash: index + 1 into q, 0 free */
	struct message *msg;
	size_t nmsg;
	char *msg_text;
	size_t nmsg_text, msg_text_cap;
};

struct crm_sale_batch *
crm_sale_batch_new(struct crm_db *db, int keep_going, struct crm_progress *p)
{
	struct crm_sale_batch *b = crm_xmalloc(sizeof *b);

	memset(b, 0, sizeof *b);
	b->db = db;
	b->imp = crm_db_import_new(db);
	b->progress = p;
	b->keep_going = keep_going;
	b->q = crm_xmalloc(BATCH_LINES * sizeof *b->q);
	b->order = crm_xmalloc(BATCH_LINES * sizeof *b->order);
	b->spare = crm_xmalloc(BATCH_LINES * sizeof *b->spare);
	b->sorted = crm_xmalloc(BATCH_LINES * sizeof *b->sorted);
	b->text_cap = BATCH_TEXT;
	b->text = crm_xmalloc(b->text_cap);
	b->slots = crm_xmalloc(HASH_SLOTS * sizeof *b->slots);
	memset(b->slots, 0, HASH_SLOTS * sizeof *b->slots);
	/* at most one message per line: an error, or a warning when added */
	b->msg = crm_xmalloc(BATCH_LINES * sizeof *b->msg);
	return b;
}

void
crm_sale_batch_free(struct crm_sale_batch *b)
{
	if (!b)
		return;
	crm_db_import_free(b->imp);
	free(b->q);
	free(b->order);
	free(b->spare);
	free(b->sorted);
	free(b->sorted_text);
	free(b->text);
	free(b->slots);
	free(b->msg);
	free(b->msg_text);
	free(b);
}

static size_t
text_len(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static size_t
keep_text(struct crm_sale_batch *b, const char *s)
{
	size_t at = b->ntext, n = text_len(s);

	if (!s)
		return NONE;
	memcpy(b->text + at, s, n);
	b->ntext += n;
	return at;
}

static const char *
text_at(const char *text, size_t off)
{
	return off == NONE ? NULL : text + off;
}

/* Has an earlier line of the batch the same ref?  Else remember this one. */
static int
ref_in_batch(struct crm_sale_batch *b, size_t idx)
{
	const char *ref = text_at(b->text, b->q[idx].ref);
	unsigned i = crm_hash(ref) & (HASH_SLOTS - 1);

	for (; b->slots[i]; i = (i + 1) & (HASH_SLOTS - 1))
		if (!strcmp(text_at(b->text, b->q[b->slots[i] - 1].ref), ref))
			return 1;
	b->slots[i] = (unsigned)idx + 1;
	return 0;
}

static void
add_message(struct crm_sale_batch *b, long line, int status, const char *text)
{
	size_t n = strlen(text) + 1;
	struct message *m = &b->msg[b->nmsg++];

	if (b->nmsg_text + n > b->msg_text_cap) {
		b->msg_text_cap = 2 * (b->nmsg_text + n) + 4096;
		b->msg_text = crm_xrealloc(b->msg_text, b->msg_text_cap);
	}
	m->line = line;
	m->status = status;
	m->text = b->nmsg_text;
	memcpy(b->msg_text + b->nmsg_text, text, n);
	b->nmsg_text += n;
}

void
crm_sale_batch_reject(struct crm_sale_batch *b, long line,
		      const struct crm_err *e)
{
	if (b->nq + b->nmsg >= BATCH_LINES)
		crm_sale_batch_flush(b);
	add_message(b, line, e->status, e->msg);
}

void
crm_sale_batch_add(struct crm_sale_batch *b, long line,
		   const struct crm_sale *s, const char *reason)
{
	size_t need = text_len(s->ref) + text_len(s->item) +
		      text_len(s->returns_ref) + text_len(reason) +
		      text_len(s->staff);
	struct queued *q;

	if (b->nq + b->nmsg >= BATCH_LINES || b->ntext + need > b->text_cap)
		crm_sale_batch_flush(b);
	if (need > b->text_cap) { /* one enormous line: room for it alone */
		b->text_cap = need;
		b->text = crm_xrealloc(b->text, b->text_cap);
	}
	q = &b->q[b->nq];
	q->customer = s->customer;
	q->amount = s->amount;
	q->cost = s->cost;
	q->line = line;
	q->day = s->day;
	q->has_cost = (unsigned char)s->has_cost;
	q->unpaid = (unsigned char)s->unpaid;
	q->ref = keep_text(b, s->ref);
	q->item = keep_text(b, s->item);
	q->returns_ref = keep_text(b, s->returns_ref);
	q->reason = keep_text(b, reason);
	q->staff = keep_text(b, s->staff);
	q->deferred = s->ref && ref_in_batch(b, b->nq);
	b->nq++;
}

/*
 * The keys in ascending order, by radix sort: a byte at a time from the
 * lowest, skipping the bytes all keys share (the high ones of small ids).
 * Stable, so each pass keeps the order of the one before.
 */
static void
radix_sort(uint64_t *v, uint64_t *spare, size_t n)
{
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[256] = {0}, at = 0;

		for (size_t i = 0; i < n; i++)
			count[(v[i] >> shift) & 0xff]++;
		if (n == 0 || count[(v[0] >> shift) & 0xff] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t c = count[d];

			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			spare[count[(v[i] >> shift) & 0xff]++] = v[i];
		memcpy(v, spare, n * sizeof *v);
	}
}

static int
by_line(const void *a, const void *b)
{
	const struct message *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

static void
record(struct crm_sale_batch *b, const struct queued *q, const char *text)
{
	struct crm_sale s;
	struct crm_err e;
	char warn[256];
	const char *reason = text_at(text, q->reason);
	enum crm_sale_result res;

	memset(&s, 0, sizeof s);
	s.customer = q->customer;
	s.day = q->day;
	s.amount = q->amount;
	s.cost = q->cost;
	s.has_cost = q->has_cost;
	s.unpaid = q->unpaid;
	s.ref = text_at(text, q->ref);
	s.item = text_at(text, q->item);
	s.returns_ref = text_at(text, q->returns_ref);
	s.staff = text_at(text, q->staff);
	res = crm_sale_record(b->db, b->imp, &s, warn, sizeof warn, &e);
	if (res == CRM_SALE_ADDED && reason &&
	    crm_db_note_return(b->db, &s, reason, &e) < 0)
		crm_die_line(e.status, q->line, "%s", e.msg);
	if (res == CRM_SALE_ERROR)
		add_message(b, q->line, e.status, e.msg);
	else if (warn[0]) {
		/* the only warning: a return's bonus cut to the balance */
		b->short_returns++;
		if (b->verbose)
			add_message(b, q->line, 0, warn);
	}
	if (res == CRM_SALE_ADDED)
		b->added++;
	else if (res == CRM_SALE_SKIPPED)
		b->skipped++;
}

/* Print the batch's messages in line order; without --keep-going the
 * first error ends the run, as it would have line by line. */
static void
report(struct crm_sale_batch *b)
{
	crm_sort(b->msg, b->nmsg, sizeof *b->msg, by_line);
	for (size_t i = 0; i < b->nmsg; i++) {
		const struct message *m = &b->msg[i];
		const char *text = b->msg_text + m->text;

		if (m->status && !b->keep_going)
			crm_die_line(m->status, m->line, "%s", text);
		crm_warn_line(m->line, "%s", text);
		if (m->status)
			b->bad++;
	}
	b->nmsg = 0;
	b->nmsg_text = 0;
}

static size_t
copy_text(char *to, size_t *at, const char *from, size_t off)
{
	size_t n, was = *at;

	if (off == NONE)
		return NONE;
	n = strlen(from + off) + 1;
	memcpy(to + was, from + off, n);
	*at += n;
	return was;
}

/*
 * The first n lines of order, copied in that order with their strings.
 * Read in customer order from q, each line and then its strings would
 * wait for memory (a tenth of the import); the copy reads them all at
 * once, and the recording then reads them one after the other.
 */
static void
lay_out(struct crm_sale_batch *b, size_t n)
{
	size_t at = 0;

	if (b->sorted_cap < b->ntext) {
		b->sorted_cap = b->text_cap;
		b->sorted_text = crm_xrealloc(b->sorted_text, b->sorted_cap);
	}
	for (size_t i = 0; i < n; i++) {
		const struct queued *from = &b->q[b->order[i] & 0xffff];
		struct queued *to = &b->sorted[i];

		*to = *from;
		to->ref = copy_text(b->sorted_text, &at, b->text, from->ref);
		to->item = copy_text(b->sorted_text, &at, b->text, from->item);
		to->returns_ref = copy_text(b->sorted_text, &at, b->text,
					    from->returns_ref);
		to->reason = copy_text(b->sorted_text, &at, b->text, from->reason);
		to->staff = copy_text(b->sorted_text, &at, b->text, from->staff);
	}
}

void
crm_sale_batch_flush(struct crm_sale_batch *b)
{
	size_t n = 0;

	/* ids past 2^47 share a key: only one customer's lines must keep
	 * their order, and the index keeps it */
	for (size_t i = 0; i < b->nq; i++)
		if (!b->q[i].deferred) {
			long long c = b->q[i].customer;
			uint64_t k = c < 0		       ? 0
				     : (uint64_t)c > MAX_KEYED ? MAX_KEYED
							       : (uint64_t)c;

			b->order[n++] = k << 16 | i;
		}
	radix_sort(b->order, b->spare, n);
	lay_out(b, n);
	crm_db_refs_distinct(b->db, b->imp, 1);
	for (size_t i = 0; i < n; i++) {
		record(b, &b->sorted[i], b->sorted_text);
		crm_progress_tick(b->progress, b->added + b->skipped);
	}
	/* then the lines whose ref came earlier in the batch, in line order */
	crm_db_refs_distinct(b->db, b->imp, 0);
	for (size_t i = 0; i < b->nq; i++) {
		if (!b->q[i].deferred)
			continue;
		record(b, &b->q[i], b->text);
		crm_progress_tick(b->progress, b->added + b->skipped);
	}
	/* the batch's rows and its summaries (db-summary.c) are written
	 * now, in customer order, and what waits is a batch at most */
	crm_db_import_write(b->db, b->imp);
	report(b);
	b->nq = 0;
	b->ntext = 0;
	memset(b->slots, 0, HASH_SLOTS * sizeof *b->slots);
}

void
crm_sale_batch_end(struct crm_sale_batch *b)
{
	crm_sale_batch_flush(b);
	crm_db_import_write(b->db, b->imp);
}

void
crm_sale_batch_counts(const struct crm_sale_batch *b, long long *added,
		      long long *skipped, long long *bad)
{
	*added = b->added;
	*skipped = b->skipped;
	*bad = b->bad;
}

void
crm_sale_batch_verbose(struct crm_sale_batch *b, int verbose)
{
	b->verbose = verbose;
}

long long
crm_sale_batch_short_returns(const struct crm_sale_batch *b)
{
	return b->short_returns;
}
