/*
 * db-internal.h - the layout of struct crm_db, shared by the db*.c files
 * and nothing else: every SQL statement of crm lives in those files, so a
 * second storage backend replaces them and leaves the rest alone.
 */
#ifndef CRM_DB_INTERNAL_H
#define CRM_DB_INTERNAL_H

#include <sqlite3.h>

#include "crm.h"

/* cached prepared statements, one slot each, prepared on first use */
enum db_slot {
	ST_CATEGORY_ID,
	ST_CUSTOMER_INSERT,
	ST_CUSTOMER_UPDATE,
	ST_CUSTOMER_BY_ID,
	ST_CUSTOMER_BY_CARD,
	ST_CUSTOMER_BY_EMAIL,
	ST_CUSTOMER_REFERRER,
	ST_CUSTOMER_CATEGORY,
	ST_CUSTOMER_SET_CATEGORY,
	ST_CHANGE_INSERT,
	ST_BATCH_INSERT,
	ST_MARK,
	ST_SALE_CUSTOMER,
	ST_SALE_CATEGORY_AT,
	ST_SALE_CATEGORY_TERMS,
	ST_SALE_INSERT,
	ST_SALE_FIRST_DAY,
	ST_SALE_REF,
	ST_SALE_BY_REF,
	ST_SALE_RETURNED,
	ST_BONUS_INSERT,
	ST_BONUS_BALANCE,
	ST_BONUS_BALANCE_NOW,
	ST_BONUS_OF_SALE,
	ST_BONUS_CUSTOMER,
	ST_STATUS_ACTIVE,
	ST_STATUS_LOG,
	/* db-notes.c */
	ST_THANK_INSERT,
	ST_NOTE_INSERT,
	ST_LOST_UPDATE,
	ST_LOST_LOG,
	ST_LOST_STATE,
	/* db-referrals.c */
	ST_REFERRAL_CHILDREN,
	ST_REFERRAL_LAST_THANKS,
	ST_REFERRAL_CUSTOMER,
	ST_DEFAULT_CATEGORY,
	/* db-summary.c */
	ST_SUM_CUSTOMER_READ,
	ST_SUM_MONTH_KNOWN,
	ST_SUM_YEAR_KNOWN,
	ST_SUM_MONTH_BUMP,
	ST_SUM_YEAR_BUMP,
	ST_SUM_CUSTOMER_WRITE,
	ST_SUM_CUSTOMER_UPDATE,
	ST_SUM_MONTH_ADD,
	ST_SUM_MONTH_UPDATE,
	ST_SUM_YEAR_ADD,
	ST_SUM_YEAR_UPDATE,
	ST_SUM_MONTH_OF,
	ST_SUM_MONTH_DROP,
	ST_SUM_YEAR_OF,
	ST_SUM_YEAR_DROP,
	ST_SUM_PURCHASES,
	ST_SUM_GROUP_ADD,
	ST_SUM_GROUP_DROP,
	ST_SUM_DAY_ADD,
	ST_SALE_LAST_DAY,
	ST_NSLOTS
};

/*
 * A prepared statement of either backend (db-stmt.c): the crm_st_*
 * functions are SQLite's statement interface, answered by PostgreSQL
 * (db-pg.c) with the same result codes.
 */
struct crm_stmt {
	struct crm_db *db;            /* borrowed */
	sqlite3_stmt *lite;           /* the SQLite statement, or */
	struct pg_stmt *pg;           /* PostgreSQL's */
	struct crm_stmt *prev, *next; /* the connection's live statements */
	int may_fail;                 /* a broken constraint is an answer */
};

int crm_st_prepare(struct crm_db *db, const char *sql, int persistent,
		   struct crm_stmt **out);
int crm_st_finalize(struct crm_stmt *st);
/* every statement of db, an import's too (its owner is not told) */
void crm_st_finalize_all(struct crm_db *db);
/* the caller handles SQLITE_CONSTRAINT and goes on: PostgreSQL runs the
 * statement in a savepoint, so that the transaction survives it */
void crm_st_may_fail(struct crm_stmt *st);
/* PostgreSQL plans the statement for its values at every run, not once
 * for any values: for a key looked up by a list of values, which a plan
 * made for any values may scan instead (SQLite plans once either way) */
void crm_st_replan(struct crm_stmt *st);
int crm_st_step(struct crm_stmt *st);
int crm_st_reset(struct crm_stmt *st);
int crm_st_clear_bindings(struct crm_stmt *st);
int crm_st_bind_int64(struct crm_stmt *st, int i, long long v);
int crm_st_bind_int(struct crm_stmt *st, int i, int v);
int crm_st_bind_text(struct crm_stmt *st, int i, const char *s, int n,
		     void (*destructor)(void *));
int crm_st_bind_null(struct crm_stmt *st, int i);
int crm_st_bind_blob(struct crm_stmt *st, int i, const void *b, int n,
		     void (*destructor)(void *));
int crm_st_bind_parameter_index(struct crm_stmt *st, const char *name);
long long crm_st_column_int64(struct crm_stmt *st, int i);
int crm_st_column_int(struct crm_stmt *st, int i);
const unsigned char *crm_st_column_text(struct crm_stmt *st, int i);
int crm_st_column_type(struct crm_stmt *st, int i);
const void *crm_st_column_blob(struct crm_stmt *st, int i);
int crm_st_column_bytes(struct crm_stmt *st, int i);
/* rows the last INSERT, UPDATE or DELETE changed */
long long crm_sql_changes(struct crm_db *db);
const char *crm_sql_errmsg(struct crm_db *db);
/* a transaction is open */
int crm_sql_in_tx(struct crm_db *db);

#ifdef CRM_POSTGRES
/* db-pg.c: the PostgreSQL backend */
struct pg_stmt;
int crm_pg_open(struct crm_db *db, enum crm_db_mode mode);
void crm_pg_close(struct crm_db *db);
int crm_pg_schema_version(struct crm_db *db);
void crm_pg_exec(struct crm_db *db, const char *sql);
/* sql in PostgreSQL's own spelling, not respelled */
void crm_pg_exec_native(struct crm_db *db, const char *sql, const char *what);
void crm_pg_begin(struct crm_db *db, int write);
struct pg_stmt *crm_pg_prepare(struct crm_db *db, const char *sql,
			       int persistent);
void crm_pg_finalize(struct pg_stmt *p);
int crm_pg_step(struct crm_db *db, struct pg_stmt *p, int may_fail);
int crm_pg_write(struct crm_db *db, struct pg_stmt *p, const char *what);
void crm_pg_reset(struct pg_stmt *p);
void crm_pg_stream(struct pg_stmt *p);
void crm_pg_clear(struct pg_stmt *p);
int crm_pg_bind(struct pg_stmt *p, int i, const void *v, int n, int blob);
void crm_pg_replan(struct pg_stmt *p);
int crm_pg_param_index(struct pg_stmt *p, const char *name);
long long crm_pg_int64(struct pg_stmt *p, int i);
const char *crm_pg_text(struct pg_stmt *p, int i);
int crm_pg_type(struct pg_stmt *p, int i);
const void *crm_pg_blob(struct pg_stmt *p, int i, int *n);
long long crm_pg_changes(struct crm_db *db);
const char *crm_pg_errmsg(struct crm_db *db);
int crm_pg_in_tx(struct crm_db *db);
#endif

struct crm_db {
	sqlite3 *h;          /* the SQLite connection, or */
	struct pg_conn *pg;  /* the PostgreSQL one (db-pg.c) */
	struct crm_stmt *stmts; /* every live statement */
	char *path;
	int busy_timeout;
	int in_tx;
	struct crm_stmt *st[ST_NSLOTS];
	const struct crm_config *cfg; /* borrowed */
	/* the last category looked up by name: bulk input repeats names */
	char *cat_name;
	long long cat_id;
	int marked; /* the temp.marked table exists */
	struct crm_db_iter *profile; /* holds the last profile's strings */
	struct crm_db_iter *row;     /* holds crm_db_customer_row's strings */
	long long max_customer;      /* the largest customer id, when */
	int max_customer_known;      /* known (crm_db_customer_add) */
	crm_day row_as_of;           /* crm_db_customer_row: the day it answers for */
	long long run_first_sale;    /* purchases from this id on: this run */
	long long next_sale;         /* the id the next one gets */
	long long last_sale;         /* the id the last one got */
	crm_day last_change;         /* the latest category change (run) */
	crm_day first_sale_day;      /* the first purchase of all */
	/* the running totals of |amount| and |cost| over all purchases
	 * (db-money.c), read at a transaction's first sale, written once
	 * at its commit */
	int totals_loaded, totals_dirty;
	crm_money amount_total, cost_total;
	crm_day last_sale_day;       /* the last purchase of all (run) */
	/* the purchases written and not yet in the summaries (db-summary.c) */
	struct summary_note *notes;
	size_t nnotes, notes_cap;
	int no_summaries; /* CRM_NO_SUMMARIES: reports read the purchases */
};

/* What storage keeps for one bulk import (crm.h), owned by its caller:
 * the connection knows nothing of it. */
struct crm_import {
	struct sale_queue *sales;   /* the waiting sales (db-sale.c) */
	struct buyer_cache *buyers; /* every customer's terms, once made */
	struct ref_log *refs;       /* the refs of this run (db-refs.c) */
	long long buyer_lookups;    /* made so far; -1: no cache */
	long long buyer_max_id;
};

struct crm_db_iter {
	struct crm_db *db; /* borrowed */
	struct crm_stmt *st;  /* owned */
	char num[4][32];   /* numbers and dates formatted for the caller */
};

/* Prepare (once) the statement of slot; reset and cleared for reuse. */
struct crm_stmt *crm_sql_stmt(struct crm_db *db, enum db_slot slot, const char *sql);
struct crm_stmt *crm_sql_prepare(struct crm_db *db, const char *sql);
/* Exit with the right status when rc is an error: 75 busy, 70 else. */
void crm_sql_check(struct crm_db *db, int rc, const char *what);
/* Step a statement that returns no row (or ignore the row). */
int crm_sql_step(struct crm_db *db, struct crm_stmt *st, const char *what);
/*
 * A write whose answer the caller does not read (no row, no changes of
 * its own): on SQLite crm_sql_step; on PostgreSQL, in a transaction, it
 * is sent and its answer read with the next statement's (db-pg.c), and
 * a failure, a broken constraint too, ends the run then.  what must
 * outlive the transaction (a string literal).
 */
int crm_sql_write(struct crm_db *db, struct crm_stmt *st, const char *what);
void crm_sql_exec(struct crm_db *db, const char *sql);
long long crm_sql_int(struct crm_db *db, const char *sql);
struct crm_db_iter *crm_sql_iter_new(struct crm_db *db, struct crm_stmt *st);
/* bind text, NULL when s is NULL */
void crm_sql_bind_text(struct crm_stmt *st, int i, const char *s);
/* a card or e-mail looked up: without the white space around it */
void crm_sql_bind_key(struct crm_stmt *st, int i, const char *s);
/* a staff name as crm_staff_span() reads it: trimmed, NULL when blank
 * (db-staff.c) */
void crm_sql_bind_staff(struct crm_stmt *st, int i, const char *s);
const char *crm_sql_col_text(struct crm_stmt *st, int i);
/* a day column formatted into buf, or NULL */
const char *crm_sql_col_date(struct crm_stmt *st, int i, char *buf);
const char *crm_sql_col_int(struct crm_stmt *st, int i, char *buf);

/* the temp.marked table of crm_db_selection_add, made when first needed */
void crm_db_selection_table(struct crm_db *db);

/* db-sale.c: the run of sales this process records (ids, first day),
 * begun at its first look-up; the queue of an import */
void crm_db_sale_run(struct crm_db *db);
void crm_db_sale_queue_free(struct sale_queue *q);

/* db-buyer.c: the cache of an import's customers */
void crm_db_buyers_free(struct buyer_cache *c);
/* no longer lost */
void crm_db_buyer_active(struct crm_import *imp, long long id);
/* db-refs.c: the stored sale with this ref, or 0 (not the queue's) */
long long crm_db_ref_stored(struct crm_db *db, struct crm_import *imp,
			    const char *ref);
void crm_db_ref_recorded(struct crm_db *db, struct crm_import *imp,
			 const char *ref);
void crm_db_refs_free(struct ref_log *l);

/*
 * The rows of a customer's bonus ledger (alias b) that count on the day
 * bound to ?1: a balance is their sum (crm-bonus, a redemption's check,
 * a return's cap), a statement lists them (crm_db_bonus_ledger).  One
 * text for all, so crm-bonus --statement ends on the balance crm-bonus
 * prints.
 */
#define DB_BONUS_LEDGER_ROWS(customer) \
	"b.customer_id = " customer " AND b.day <= ?1"

/*
 * db-asof.c: a customer (alias c) as of the day bound to :asof.  A query
 * puts DB_ASOF_JOIN after "FROM customer c", may then use the DB_ASOF_*
 * expressions, and binds with crm_db_asof_bind() (which also sets
 * :asof_fast: nothing in the histories is dated after :asof).
 */
/* a customer without a change dated after :asof is in its current
 * category: one look in the index, and the answer of the fast path */
#define DB_ASOF_CATEGORY                                                    \
	"(CASE WHEN :asof_fast OR NOT EXISTS (SELECT 1 FROM category_change h" \
	"  WHERE h.customer_id = c.id AND h.day > :asof)"                     \
	" THEN c.category_id ELSE coalesce("                                  \
	" (SELECT h.new_id FROM category_change h WHERE h.customer_id = c.id" \
	"  AND h.day <= :asof ORDER BY h.day DESC, h.id DESC LIMIT 1),"      \
	" (SELECT h.old_id FROM category_change h WHERE h.customer_id = c.id" \
	"  AND h.day > :asof ORDER BY h.day, h.id LIMIT 1),"                 \
	" c.category_id) END)"
/* sl: the latest status logged, when the history is live (its status is
 * the current one); sa: the last one dated up to :asof; sf: the first */
/* (the look-ups are keys of the joins, so each is guarded by a CASE:
 * the fast path makes none) */
#define DB_ASOF_JOIN                                                        \
	" LEFT JOIN status_change sl ON sl.id = CASE WHEN NOT :asof_fast THEN" \
	"  (SELECT max(x.id) FROM status_change x WHERE x.customer_id = c.id)" \
	"  END AND sl.status = c.status"                                      \
	" LEFT JOIN status_change sa ON sa.id = CASE WHEN sl.id IS NOT NULL"  \
	"  THEN (SELECT max(x.id) FROM status_change x"                       \
	"   WHERE x.customer_id = c.id AND x.day <= :asof) END"               \
	" LEFT JOIN status_change sf ON sf.id = CASE WHEN sl.id IS NOT NULL"  \
	"  AND sa.id IS NULL THEN (SELECT x.id FROM status_change x"          \
	"   WHERE x.customer_id = c.id ORDER BY x.day, x.id LIMIT 1) END"
/* 1 when lost on :asof, else 0 */
#define DB_ASOF_LOST                                                        \
	"(CASE WHEN sl.id IS NULL THEN c.status = 'lost'"                    \
	"  AND coalesce(c.lost_day <= :asof, TRUE)"                            \
	" WHEN sa.id IS NOT NULL THEN sa.status = 'lost'"                    \
	" ELSE sf.status = 'active' END)"
#define DB_ASOF_STATUS                                                      \
	"(CASE WHEN " DB_ASOF_LOST " THEN 'lost' ELSE 'active' END)"
#define DB_ASOF_LOST_DAY                                                    \
	"(CASE WHEN sl.id IS NULL THEN CASE WHEN " DB_ASOF_LOST              \
	" THEN c.lost_day END WHEN sa.status = 'lost' THEN sa.day END)"
#define DB_ASOF_LOST_REASON                                                 \
	"(CASE WHEN sl.id IS NULL THEN CASE WHEN " DB_ASOF_LOST              \
	" THEN c.lost_reason END WHEN sa.status = 'lost' THEN sa.reason END)"
/* the customer exists by :asof (from the earlier of created and the
 * first purchase) */
#define DB_ASOF_EXISTS                                                      \
	"(c.created <= :asof OR EXISTS (SELECT 1 FROM purchase p"            \
	" WHERE p.customer_id = c.id AND p.day <= :asof))"
int crm_db_asof_fast(struct crm_db *db, crm_day as_of);
void crm_db_asof_bind(struct crm_db *db, struct crm_stmt *st, crm_day as_of);

/* db-summary.c: the summaries kept current by every write */
#define SUM_TOTAL_COLS                                                      \
	"purchases, revenue, returns, costed_net, cost, uncosted, costed"
#define SUM_TOTAL_VALUES "?, ?, ?, ?, ?, ?, ?"
/* (the table named: PostgreSQL's upsert finds a bare column ambiguous) */
#define SUM_TOTAL_ADD(t)                                                    \
	" purchases = " t ".purchases + excluded.purchases,"                 \
	" revenue = " t ".revenue + excluded.revenue,"                       \
	" returns = " t ".returns + excluded.returns,"                       \
	" costed_net = " t ".costed_net + excluded.costed_net,"              \
	" cost = " t ".cost + excluded.cost,"                                \
	" uncosted = " t ".uncosted + excluded.uncosted,"                    \
	" costed = " t ".costed + excluded.costed"
/* the SUM_TOTAL_COLS of a row from column at on, and bound from at on */
void crm_sql_totals(struct crm_stmt *st, int at, struct crm_totals *t);
void crm_sql_bind_totals(struct crm_stmt *st, int at, const struct crm_totals *t);
/* the purchases summed per day as sum_day holds them (then WHERE, GROUP BY) */
#define SUM_DAY_SQL                                                         \
	"SELECT day, sum(amount >= 0), sum(CASE WHEN amount >= 0 THEN amount" \
	" ELSE 0 END), sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END),"   \
	" sum(CASE WHEN cost IS NOT NULL THEN amount ELSE 0 END),"           \
	" sum(CASE WHEN cost IS NULL THEN 0 WHEN amount >= 0 THEN cost"      \
	" ELSE -abs(cost) END),"                                             \
	" sum(CASE WHEN cost IS NULL THEN amount ELSE 0 END),"               \
	" sum(cost IS NOT NULL) FROM purchase"
struct summary_note;
void crm_db_summary_note(struct crm_db *db, long long customer,
			 long long category, crm_day day, crm_money amount,
			 crm_money cost, int costed);
/* apply the notes: after the purchases they note are written */
void crm_db_summary_flush(struct crm_db *db);
void crm_db_summary_forget(struct crm_db *db);
/* the months and years of customer id from those of day from on, from
 * the purchases (their categories changed) */
void crm_db_summary_periods_again(struct crm_db *db, long long id, crm_day from);
/* fill the (new) summaries from the purchases */
void crm_db_summary_build(struct crm_db *db);

/* db-copy.c: a PostgreSQL database copied into a new SQLite file at
 * path (crm_db_backup's, outfile.h); 0, or -1 and e set */
int crm_db_copy_to_file(struct crm_db *db, const char *path,
			struct crm_err *e);

/* schema.c */
void crm_db_migrate(struct crm_db *db);
/* db-money.c */
void crm_db_money_init(struct crm_db *db); /* the upgrade to version 5 */
int crm_db_money_add(struct crm_db *db, const struct crm_sale *s,
		 struct crm_err *e);
void crm_db_money_write(struct crm_db *db);  /* before COMMIT */
void crm_db_money_forget(struct crm_db *db); /* at ROLLBACK */

#endif
