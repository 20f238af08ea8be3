/*
 * db-stmt.c - a prepared statement of either backend.  The db*.c files
 * speak SQLite's statement interface (step, bind, column) through these
 * functions; a statement of a PostgreSQL connection (db-pg.c) answers
 * the same calls with the same result codes, so the storage code is one
 * text for both.
 */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

static struct crm_stmt *
stmt_new(struct crm_db *db)
{
	struct crm_stmt *st = crm_xmalloc(sizeof *st);

	memset(st, 0, sizeof *st);
	st->db = db;
	st->next = db->stmts;
	if (db->stmts)
		db->stmts->prev = st;
	db->stmts = st;
	return st;
}

int
crm_st_prepare(struct crm_db *db, const char *sql, int persistent,
	       struct crm_stmt **out)
{
	struct crm_stmt *st;
	int rc;

	*out = NULL;
#ifdef CRM_POSTGRES
	if (db->pg) {
		st = stmt_new(db);
		st->pg = crm_pg_prepare(db, sql, persistent);
		*out = st;
		return SQLITE_OK;
	}
#endif
	st = stmt_new(db);
	rc = sqlite3_prepare_v3(db->h, sql, -1,
				persistent ? SQLITE_PREPARE_PERSISTENT : 0,
				&st->lite, NULL);
	if (rc != SQLITE_OK) {
		crm_st_finalize(st);
		return rc;
	}
	*out = st;
	return rc;
}

int
crm_st_finalize(struct crm_stmt *st)
{
	struct crm_db *db;

	if (!st)
		return SQLITE_OK;
	db = st->db;
	if (st->prev)
		st->prev->next = st->next;
	else
		db->stmts = st->next;
	if (st->next)
		st->next->prev = st->prev;
#ifdef CRM_POSTGRES
	if (st->pg)
		crm_pg_finalize(st->pg);
#endif
	sqlite3_finalize(st->lite);
	free(st);
	return SQLITE_OK;
}

void
crm_st_finalize_all(struct crm_db *db)
{
	while (db->stmts)
		crm_st_finalize(db->stmts);
	memset(db->st, 0, sizeof db->st);
}

void
crm_st_may_fail(struct crm_stmt *st)
{
	st->may_fail = 1;
}

void
crm_st_replan(struct crm_stmt *st)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		crm_pg_replan(st->pg);
#else
	(void)st;
#endif
}

int
crm_st_step(struct crm_stmt *st)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return crm_pg_step(st->db, st->pg, st->may_fail);
#endif
	return sqlite3_step(st->lite);
}

int
crm_st_reset(struct crm_stmt *st)
{
#ifdef CRM_POSTGRES
	if (st->pg) {
		crm_pg_reset(st->pg);
		return SQLITE_OK;
	}
#endif
	return sqlite3_reset(st->lite);
}

int
crm_st_clear_bindings(struct crm_stmt *st)
{
#ifdef CRM_POSTGRES
	if (st->pg) {
		crm_pg_clear(st->pg);
		return SQLITE_OK;
	}
#endif
	return sqlite3_clear_bindings(st->lite);
}

int
crm_st_bind_int64(struct crm_stmt *st, int i, long long v)
{
#ifdef CRM_POSTGRES
	if (st->pg) {
		char buf[32];

		snprintf(buf, sizeof buf, "%lld", v);
		return crm_pg_bind(st->pg, i, buf, -1, 0);
	}
#endif
	return sqlite3_bind_int64(st->lite, i, v);
}

int
crm_st_bind_int(struct crm_stmt *st, int i, int v)
{
	return crm_st_bind_int64(st, i, v);
}

#ifdef CRM_POSTGRES
/* crm_pg_bind copies the value, so a value handed over with its
 * destructor is freed here at once, as SQLite frees it when done (also
 * when the bind fails) */
static int
pg_bind_owned(struct pg_stmt *pg, int i, const void *v, int n, int blob,
	      void (*destructor)(void *))
{
	int rc = crm_pg_bind(pg, i, v, n, blob);

	if (destructor != SQLITE_STATIC && destructor != SQLITE_TRANSIENT)
		destructor((void *)v);
	return rc;
}
#endif

int
crm_st_bind_text(struct crm_stmt *st, int i, const char *s, int n,
		 void (*destructor)(void *))
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return pg_bind_owned(st->pg, i, s, n, 0, destructor);
#endif
	return sqlite3_bind_text(st->lite, i, s, n, destructor);
}

int
crm_st_bind_null(struct crm_stmt *st, int i)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return crm_pg_bind(st->pg, i, NULL, 0, 0);
#endif
	return sqlite3_bind_null(st->lite, i);
}

int
crm_st_bind_blob(struct crm_stmt *st, int i, const void *b, int n,
		 void (*destructor)(void *))
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return pg_bind_owned(st->pg, i, b, n, 1, destructor);
#endif
	return sqlite3_bind_blob(st->lite, i, b, n, destructor);
}

int
crm_st_bind_parameter_index(struct crm_stmt *st, const char *name)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return crm_pg_param_index(st->pg, name);
#endif
	return sqlite3_bind_parameter_index(st->lite, name);
}

long long
crm_st_column_int64(struct crm_stmt *st, int i)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return crm_pg_int64(st->pg, i);
#endif
	return sqlite3_column_int64(st->lite, i);
}

int
crm_st_column_int(struct crm_stmt *st, int i)
{
	return (int)crm_st_column_int64(st, i);
}

const unsigned char *
crm_st_column_text(struct crm_stmt *st, int i)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return (const unsigned char *)crm_pg_text(st->pg, i);
#endif
	return sqlite3_column_text(st->lite, i);
}

int
crm_st_column_type(struct crm_stmt *st, int i)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return crm_pg_type(st->pg, i);
#endif
	return sqlite3_column_type(st->lite, i);
}

const void *
crm_st_column_blob(struct crm_stmt *st, int i)
{
#ifdef CRM_POSTGRES
	if (st->pg)
		return crm_pg_blob(st->pg, i, NULL);
#endif
	return sqlite3_column_blob(st->lite, i);
}

int
crm_st_column_bytes(struct crm_stmt *st, int i)
{
#ifdef CRM_POSTGRES
	if (st->pg) {
		int n = 0;

		crm_pg_blob(st->pg, i, &n);
		return n;
	}
#endif
	return sqlite3_column_bytes(st->lite, i);
}

long long
crm_sql_changes(struct crm_db *db)
{
#ifdef CRM_POSTGRES
	if (db->pg)
		return crm_pg_changes(db);
#endif
	return sqlite3_changes(db->h);
}

const char *
crm_sql_errmsg(struct crm_db *db)
{
#ifdef CRM_POSTGRES
	if (db->pg)
		return crm_pg_errmsg(db);
#endif
	return sqlite3_errmsg(db->h);
}

int
crm_sql_in_tx(struct crm_db *db)
{
#ifdef CRM_POSTGRES
	if (db->pg)
		return crm_pg_in_tx(db);
#endif
	return !sqlite3_get_autocommit(db->h);
}
