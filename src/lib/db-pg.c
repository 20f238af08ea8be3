/*
 * db-pg.c - the PostgreSQL backend: a connection, transactions, and
 * statements that answer SQLite's statement interface (db-stmt.c).
 *
 * The storage code is written once, in the SQL that SQLite and
 * PostgreSQL share; what differs in spelling (parameters, INSERT OR
 * IGNORE, IS NOT for "is distinct from", temp. and main.) is rewritten
 * here when a statement is prepared (db-pg-sql.c), and what differs in
 * meaning is given to PostgreSQL as functions of crm's schema
 * (db-pg-schema.c).
 *
 * Concurrency: crm's writers keep running totals and summaries that a
 * transaction reads and writes back, and give purchases the next id, as
 * the one writer SQLite allows.  So a writing transaction takes one
 * transaction-scoped advisory lock first, waiting at most the busy
 * timeout (lock_timeout): writers take turns, exactly as on SQLite, and
 * every statement after the lock sees what the writer before committed
 * (READ COMMITTED).  Readers take no lock and read one snapshot
 * (REPEATABLE READ): they never wait for writers, nor writers for them.
 *
 * Round trips: a bulk import writes several rows for every line it
 * reads (the purchase, its bonus, the summaries), and on a server each
 * statement waited for its answer cost more than the work.  A write
 * whose answer nobody reads (crm_pg_write) is therefore only sent, in
 * libpq's pipeline mode; the answers are read when the next statement
 * needs one of its own, in the same round trip (pipe_collect).  A failed
 * write then ends the run there, with its own message: in a transaction
 * every statement after a failed one fails anyway, so nothing is written
 * that would not have been.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db-internal.h"
#include "db-pg.h"

/* pg_advisory_xact_lock's key: "crm" */
#define WRITER_LOCK "6517613"

enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21,
       OID_INT4 = 23, OID_FLOAT4 = 700, OID_FLOAT8 = 701,
       OID_NUMERIC = 1700 };

struct pg_conn {
	PGconn *conn;
	char *errmsg;       /* the last error, in SQLite's words when it
			     * is a constraint's */
	long long changes;  /* rows of the last INSERT, UPDATE, DELETE */
	int reader;         /* opened by a command that only reads */
	unsigned long next_name;
	int piped;          /* in pipeline mode: results wait to be read */
	const char **pending; /* what each sent statement does, in order */
	size_t npending, pending_cap;
};

struct pg_stmt {
	PGconn *conn;       /* borrowed */
	char *sql;          /* PostgreSQL's spelling */
	int stream;         /* read through a cursor, FETCH_ROWS at a time */
	unsigned long cursor; /* its number while open, or 0 */
	int more;           /* the cursor may have more rows */
	int runs;           /* executions so far */
	int replan;         /* planned for its values at every run */
	char name[24];      /* a server-side statement's name, or "" */
	int prepared;
	int nparams;
	char **names;       /* names[i]: $i+1's SQLite name, or NULL */
	char **vals;        /* bound values as text, NULL for NULL: bufs[i]
			     * or NULL */
	char **bufs;        /* each parameter's buffer, kept from row to */
	size_t *caps;       /* row (a bulk load binds millions), its size */
	Oid *types;
	PGresult *res;
	int row;
	unsigned char *blob; /* the last column_blob, decoded */
	size_t blob_len;
	int blob_col, blob_row;
};

/* what libpq is given: a URI as it is, "postgresql:KEY=VALUE ..." less
 * its prefix */
static const char *
conninfo_of(const char *path)
{
	if (strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0)
		return path;
	return strchr(path, ':') + 1;
}

/*
 * A libpq message as one line: crm's messages are one line each, but
 * libpq ends its own with a newline and may go on over several ("...
 * failed: No such file or directory\n\tIs the server running ...?").
 * Each line break, with the blanks around it, becomes one space.
 */
static char *
message_dup(const char *msg)
{
	char *m = crm_xstrdup(msg ? msg : "");
	char *r = m, *w = m;

	while (*r) {
		if (*r == '\n' || *r == '\r') {
			while (w > m && (w[-1] == ' ' || w[-1] == '\t'))
				w--;
			while (*r == '\n' || *r == '\r' || *r == ' ' ||
			       *r == '\t')
				r++;
			if (*r && w > m)
				*w++ = ' ';
			continue;
		}
		*w++ = *r++;
	}
	while (w > m && (w[-1] == ' ' || w[-1] == '\t'))
		w--;
	*w = '\0';
	return m;
}

static void
set_error(struct pg_conn *c, char *msg)
{
	free(c->errmsg);
	c->errmsg = msg;
}

/*
 * An error's SQLSTATE as SQLite's result code, so that crm_sql_check()
 * gives the same exit status on both backends: a constraint is the
 * caller's to report, a lock not had in time is "busy" (75), a lost
 * server or a full disk is 74.  A unique constraint's message is made
 * SQLite's ("UNIQUE constraint failed: customer.card"), which callers
 * read to tell a card's clash from an e-mail's.
 */
static int
result_code(struct pg_conn *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
				: NULL;
	const char *table, *cons;
	char buf[512];

	if (!state) {
		set_error(c, message_dup(PQerrorMessage(c->conn)));
		return PQstatus(c->conn) == CONNECTION_OK ? SQLITE_ERROR
							  : SQLITE_IOERR;
	}
	table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
	cons = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	if (strcmp(state, "23505") == 0 && table && cons) {
		size_t n = strlen(table);
		const char *col = cons;

		if (strncmp(cons, table, n) == 0 && cons[n] == '_')
			col = cons + n + 1;
		if (strcmp(col, "pkey") == 0)
			col = "id";
		snprintf(buf, sizeof buf, "UNIQUE constraint failed: %s.%s",
			 table, col);
		set_error(c, crm_xstrdup(buf));
		return SQLITE_CONSTRAINT;
	}
	if (strcmp(state, "23514") == 0 && cons) {
		snprintf(buf, sizeof buf, "CHECK constraint failed: %s", cons);
		set_error(c, crm_xstrdup(buf));
		return SQLITE_CONSTRAINT;
	}
	set_error(c, message_dup(PQresultErrorField(res,
						    PG_DIAG_MESSAGE_PRIMARY)));
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
		return SQLITE_CONSTRAINT;
	if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "57014") == 0)
		return SQLITE_BUSY;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "58", 2) == 0)
		return SQLITE_IOERR;
	if (strncmp(state, "53", 2) == 0)
		return SQLITE_FULL;
	if (strcmp(state, "42501") == 0 || strcmp(state, "25006") == 0)
		return SQLITE_READONLY;
	return SQLITE_ERROR;
}

/* the result of a command (not a query), or the error's code */
static int
command_result(struct pg_conn *c, PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);
	int rc = SQLITE_DONE;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_EMPTY_QUERY)
		rc = result_code(c, res);
	PQclear(res);
	return rc;
}

/* ---- the pipeline: writes sent, their answers read later ---- */

/* statements sent without waiting at most: their answers are small, but
 * they wait in libpq's buffer */
#define PIPE_MAX 8192

static void
pipe_push(struct pg_conn *c, const char *what)
{
	if (c->npending == c->pending_cap) {
		c->pending_cap = c->pending_cap ? 2 * c->pending_cap : 64;
		c->pending = crm_xrealloc(c->pending,
					  c->pending_cap * sizeof *c->pending);
	}
	c->pending[c->npending++] = what;
}

/* send p (prepared first when it has a name and is not yet), its answer
 * to be read by pipe_collect; what names it in a message */
static void
pipe_send(struct crm_db *db, struct pg_stmt *p, const char *what)
{
	struct pg_conn *c = db->pg;
	const char *const *vals = (const char *const *)p->vals;
	int ok;

	if (!c->piped) {
		if (!PQenterPipelineMode(c->conn))
			crm_sql_check(db, result_code(c, NULL), what);
		c->piped = 1;
	}
	if (!p->name[0]) {
		ok = PQsendQueryParams(c->conn, p->sql, p->nparams, p->types,
				       vals, NULL, NULL, 0);
	} else {
		if (!p->prepared) {
			if (!PQsendPrepare(c->conn, p->name, p->sql,
					   p->nparams, p->types))
				crm_sql_check(db, result_code(c, NULL), what);
			pipe_push(c, what);
			/* a failure is the next answer's, and ends the run */
			p->prepared = 1;
		}
		ok = PQsendQueryPrepared(c->conn, p->name, p->nparams, vals,
					 NULL, NULL, 0);
	}
	if (!ok)
		crm_sql_check(db, result_code(c, NULL), what);
	pipe_push(c, what);
}

/* a statement without parameters, into the pipeline */
static void
pipe_send_sql(struct crm_db *db, const char *sql)
{
	struct pg_stmt p;

	memset(&p, 0, sizeof p);
	p.sql = (char *)sql;
	pipe_send(db, &p, sql);
}

/* a sent write failed: the end of the run, as a failed step would be */
static void
pipe_failed(struct crm_db *db, int rc, const char *what)
{
	/* crm checked what it writes: a broken constraint is crm's fault */
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		crm_die(CRM_EX_SOFTWARE, "%s: %s", what, crm_pg_errmsg(db));
	crm_sql_check(db, rc, what);
}

/*
 * Read every answer that waits, and leave pipeline mode: one round trip.
 * The answer of the statement sent keep-th (from 0) is returned, that of
 * any other that failed ends the run; keep < 0: none is returned.
 */
static PGresult *
pipe_collect(struct crm_db *db, long keep)
{
	struct pg_conn *c = db->pg;
	PGresult *res, *kept = NULL;
	const char *what = NULL;
	int rc = SQLITE_OK, lost = 0;

	if (!c->piped)
		return NULL;
	if (!PQpipelineSync(c->conn))
		lost = 1;
	/* every answer is read, after a failure too, so that the
	 * connection is left out of pipeline mode and can roll back */
	for (size_t i = 0; i < c->npending && !lost; i++) {
		ExecStatusType s;

		res = PQgetResult(c->conn);
		if (!res) {
			lost = 1;
			break;
		}
		/* each statement's answer ends with a NULL */
		for (PGresult *end; (end = PQgetResult(c->conn)) != NULL;)
			PQclear(end);
		s = PQresultStatus(res);
		if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
			c->changes = strtoll(PQcmdTuples(res), NULL, 10);
		if ((long)i == keep) {
			kept = res;
			continue;
		}
		if (s == PGRES_FATAL_ERROR && rc == SQLITE_OK) {
			rc = result_code(c, res);
			what = c->pending[i];
		}
		PQclear(res);
	}
	/* the sync's own answer */
	while (!lost && (res = PQgetResult(c->conn)) != NULL) {
		ExecStatusType s = PQresultStatus(res);

		PQclear(res);
		if (s == PGRES_PIPELINE_SYNC)
			break;
	}
	c->npending = 0;
	/* a lost connection stays in pipeline mode: its next use fails */
	PQexitPipelineMode(c->conn);
	c->piped = 0;
	if (lost && rc == SQLITE_OK) {
		rc = result_code(c, NULL);
		what = "pipeline";
	}
	if (rc != SQLITE_OK) {
		PQclear(kept);
		pipe_failed(db, rc, what);
	}
	return kept;
}

/* what waits is read before the connection is used otherwise */
static void
pipe_sync(struct crm_db *db)
{
	if (db->pg->piped)
		pipe_collect(db, -1);
}

void
crm_pg_exec_native(struct crm_db *db, const char *sql, const char *what)
{
	int rc;

	pipe_sync(db);
	rc = command_result(db->pg, PQexec(db->pg->conn, sql));

	crm_sql_check(db, rc == SQLITE_DONE ? SQLITE_OK : rc, what);
}

void
crm_pg_exec(struct crm_db *db, const char *sql)
{
	char *pgsql = crm_pg_sql(sql, NULL, NULL);

	crm_pg_exec_native(db, pgsql, sql);
	free(pgsql);
}

/* notices (IF NOT EXISTS skipping, and so on) are not crm's output */
static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int
crm_pg_schema_version(struct crm_db *db)
{
	PGresult *res;

	pipe_sync(db);
	res = PQexec(db->pg->conn,
			       "SELECT to_regclass('crm_schema') IS NOT NULL");
	int has = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		has = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	else
		crm_sql_check(db, result_code(db->pg, res), "schema version");
	PQclear(res);
	if (!has)
		return 0;
	return (int)crm_sql_int(db, "SELECT version FROM crm_schema");
}

int
crm_pg_open(struct crm_db *db, enum crm_db_mode mode)
{
	char *shown = crm_pg_display_name(db->path);
	char set[96];
	PGconn *conn;

	conn = PQconnectdb(conninfo_of(db->path));
	/* from here on, only the name without its password is kept */
	free(db->path);
	db->path = shown;
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		char *msg = message_dup(conn ? PQerrorMessage(conn)
					     : "out of memory");

		PQfinish(conn);
		/* crm_die exits: the message is freed with the process */
		crm_die(CRM_EX_UNAVAILABLE,
			"cannot connect to database '%s': %s", db->path, msg);
	}
	db->pg = crm_xmalloc(sizeof *db->pg);
	memset(db->pg, 0, sizeof *db->pg);
	db->pg->conn = conn;
	db->pg->reader = mode == CRM_DB_READ;
	PQsetNoticeProcessor(conn, quiet, NULL);
	if (PQsetClientEncoding(conn, "UTF8") != 0)
		crm_die(CRM_EX_UNAVAILABLE,
			"database '%s': cannot speak UTF-8 with the server",
			db->path);
	snprintf(set, sizeof set,
		 "SET lock_timeout = %d; SET intervalstyle = postgres",
		 db->busy_timeout > 0 ? db->busy_timeout : 1);
	crm_pg_exec(db, set);
	return crm_pg_schema_version(db);
}

void
crm_pg_close(struct crm_db *db)
{
	if (!db->pg)
		return;
	PQfinish(db->pg->conn);
	free(db->pg->pending);
	free(db->pg->errmsg);
	free(db->pg);
	db->pg = NULL;
}

void
crm_pg_begin(struct crm_db *db, int write)
{
	if (!write) {
		crm_pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
		return;
	}
	crm_pg_exec(db, "BEGIN ISOLATION LEVEL READ COMMITTED");
	crm_pg_exec(db, "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")");
}

int
crm_pg_in_tx(struct crm_db *db)
{
	PGTransactionStatusType s = PQtransactionStatus(db->pg->conn);

	return s == PQTRANS_INTRANS || s == PQTRANS_INERROR ||
	       s == PQTRANS_ACTIVE;
}

long long
crm_pg_changes(struct crm_db *db)
{
	pipe_sync(db);
	return db->pg->changes;
}

const char *
crm_pg_errmsg(struct crm_db *db)
{
	return db->pg->errmsg ? db->pg->errmsg : "not an error";
}

/* ---- statements ---- */

struct pg_stmt *
crm_pg_prepare(struct crm_db *db, const char *sql, int persistent)
{
	struct pg_stmt *p = crm_xmalloc(sizeof *p);

	memset(p, 0, sizeof *p);
	p->conn = db->pg->conn;
	p->sql = crm_pg_sql(sql, &p->names, &p->nparams);
	p->vals = crm_xmalloc(sizeof *p->vals * (size_t)(p->nparams + 1));
	p->bufs = crm_xmalloc(sizeof *p->bufs * (size_t)(p->nparams + 1));
	p->caps = crm_xmalloc(sizeof *p->caps * (size_t)(p->nparams + 1));
	p->types = crm_xmalloc(sizeof *p->types * (size_t)(p->nparams + 1));
	memset(p->vals, 0, sizeof *p->vals * (size_t)(p->nparams + 1));
	memset(p->bufs, 0, sizeof *p->bufs * (size_t)(p->nparams + 1));
	memset(p->caps, 0, sizeof *p->caps * (size_t)(p->nparams + 1));
	memset(p->types, 0, sizeof *p->types * (size_t)(p->nparams + 1));
	if (persistent)
		snprintf(p->name, sizeof p->name, "crm%lu",
			 ++db->pg->next_name);
	p->row = -1;
	p->blob_col = -1;
	return p;
}

static void
forget_blob(struct pg_stmt *p)
{
	PQfreemem(p->blob);
	p->blob = NULL;
	p->blob_col = -1;
}

void
crm_pg_stream(struct pg_stmt *p)
{
	p->stream = 1;
}

static void
close_cursor(struct pg_stmt *p)
{
	char sql[48];

	if (!p->cursor)
		return;
	/* (in a pipeline, the transaction's end closes it) */
	if (PQtransactionStatus(p->conn) == PQTRANS_INTRANS &&
	    PQpipelineStatus(p->conn) == PQ_PIPELINE_OFF) {
		snprintf(sql, sizeof sql, "CLOSE crm_c%lu", p->cursor);
		PQclear(PQexec(p->conn, sql));
	}
	p->cursor = 0;
	p->more = 0;
}

void
crm_pg_reset(struct pg_stmt *p)
{
	close_cursor(p);
	PQclear(p->res);
	p->res = NULL;
	p->row = -1;
	forget_blob(p);
}

void
crm_pg_clear(struct pg_stmt *p)
{
	for (int i = 0; i < p->nparams; i++)
		p->vals[i] = NULL;
}

void
crm_pg_finalize(struct pg_stmt *p)
{
	if (!p)
		return;
	crm_pg_reset(p);
	for (int i = 0; i < p->nparams; i++) {
		free(p->names[i]);
		free(p->bufs[i]);
	}
	free(p->names);
	free(p->vals);
	free(p->bufs);
	free(p->caps);
	free(p->types);
	free(p->sql);
	free(p);
}

/* parameter i's buffer, of at least n bytes */
static char *
param_buf(struct pg_stmt *p, int i, size_t n)
{
	if (p->caps[i] < n) {
		p->caps[i] = n < 32 ? 32 : n;
		p->bufs[i] = crm_xrealloc(p->bufs[i], p->caps[i]);
	}
	return p->bufs[i];
}

int
crm_pg_bind(struct pg_stmt *p, int i, const void *v, int n, int blob)
{
	char *s;

	if (i < 1 || i > p->nparams)
		return SQLITE_RANGE;
	p->vals[i - 1] = NULL;
	if (!v)
		return SQLITE_OK;
	if (blob) {
		static const char hex[] = "0123456789abcdef";
		const unsigned char *b = v;

		s = param_buf(p, i - 1, 2 * (size_t)n + 3);
		s[0] = '\\';
		s[1] = 'x';
		for (int k = 0; k < n; k++) {
			s[2 + 2 * k] = hex[b[k] >> 4];
			s[3 + 2 * k] = hex[b[k] & 15];
		}
		s[2 + 2 * n] = '\0';
		p->types[i - 1] = OID_BYTEA;
	} else {
		size_t len = n < 0 ? strlen(v) : (size_t)n;

		s = param_buf(p, i - 1, len + 1);
		memcpy(s, v, len);
		s[len] = '\0';
	}
	p->vals[i - 1] = s;
	return SQLITE_OK;
}

void
crm_pg_replan(struct pg_stmt *p)
{
	p->replan = 1;
	/* unnamed: the server plans an unnamed statement for the values
	 * it is run with */
	if (!p->prepared)
		p->name[0] = '\0';
}

int
crm_pg_param_index(struct pg_stmt *p, const char *name)
{
	for (int i = 0; i < p->nparams; i++)
		if (p->names[i] && strcmp(p->names[i], name) == 0)
			return i + 1;
	return 0;
}

/*
 * A listing streams: its rows come FETCH_ROWS at a time from a cursor of
 * the transaction, so that the memory it takes does not grow with the
 * customers or purchases it lists.
 */
enum { FETCH_ROWS = 1000 };

static PGresult *
fetch(struct pg_stmt *p)
{
	char sql[48];
	PGresult *res;

	snprintf(sql, sizeof sql, "FETCH %d FROM crm_c%lu", FETCH_ROWS,
		 p->cursor);
	res = PQexec(p->conn, sql);
	p->more = PQresultStatus(res) == PGRES_TUPLES_OK &&
		  PQntuples(res) == FETCH_ROWS;
	return res;
}

static PGresult *
open_cursor(struct crm_db *db, struct pg_stmt *p)
{
	size_t n = strlen(p->sql) + 64;
	char *sql = crm_xmalloc(n);
	PGresult *res;

	p->cursor = ++db->pg->next_name;
	snprintf(sql, n, "DECLARE crm_c%lu NO SCROLL CURSOR FOR %s",
		 p->cursor, p->sql);
	res = PQexecParams(p->conn, sql, p->nparams, p->types,
			   (const char *const *)p->vals, NULL, NULL, 0);
	free(sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		p->cursor = 0;
		return res;
	}
	PQclear(res);
	return fetch(p);
}

static PGresult *
execute(struct crm_db *db, struct pg_stmt *p)
{
	PGconn *conn = db->pg->conn;
	const char *const *vals = (const char *const *)p->vals;

	/* run again: a look-up (crm_db_customer_row), not a listing; it
	 * is kept prepared on the server from now on */
	if (++p->runs == 2) {
		p->stream = 0;
		if (!p->name[0] && !p->replan)
			snprintf(p->name, sizeof p->name, "crm%lu",
				 ++db->pg->next_name);
	}
	/* a reader's listing opens the snapshot its cursor needs */
	if (p->stream && db->pg->reader &&
	    PQtransactionStatus(conn) == PQTRANS_IDLE)
		crm_pg_begin(db, 0);
	if (p->stream && !p->name[0] &&
	    (db->pg->piped ||
	     PQtransactionStatus(conn) == PQTRANS_INTRANS)) {
		pipe_sync(db);
		return open_cursor(db, p);
	}
	if (db->pg->piped) {
		/* with the writes that wait, in their round trip */
		pipe_send(db, p, "statement");
		return pipe_collect(db, (long)db->pg->npending - 1);
	}
	if (!p->name[0])
		return PQexecParams(conn, p->sql, p->nparams, p->types, vals,
				    NULL, NULL, 0);
	if (!p->prepared) {
		PGresult *res = PQprepare(conn, p->name, p->sql, p->nparams,
					  p->types);

		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return res;
		PQclear(res);
		p->prepared = 1;
	}
	return PQexecPrepared(conn, p->name, p->nparams, vals, NULL, NULL, 0);
}

/*
 * Run one statement of a transaction in a savepoint of its own: the
 * savepoint, the statement and its release are sent at once, so that a
 * statement that succeeds (nearly all: crm-add's customers) costs one
 * round trip, not four.
 */
static PGresult *
execute_guarded(struct crm_db *db, struct pg_stmt *p)
{
	PGconn *conn = db->pg->conn;
	PGresult *res;
	long at;

	pipe_send_sql(db, "SAVEPOINT crm_try");
	pipe_send(db, p, "statement");
	at = (long)db->pg->npending - 1; /* after its prepare, if any */
	pipe_send_sql(db, "RELEASE SAVEPOINT crm_try");
	res = pipe_collect(db, at);
	if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
		/* the release was skipped with the failed statement */
		PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT crm_try"));
		PQclear(PQexec(conn, "RELEASE SAVEPOINT crm_try"));
	}
	return res;
}

int
crm_pg_step(struct crm_db *db, struct pg_stmt *p, int may_fail)
{
	ExecStatusType s;

	if (!p->res) {
		PGresult *res = may_fail && crm_pg_in_tx(db)
					? execute_guarded(db, p)
					: execute(db, p);

		s = PQresultStatus(res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			int rc = result_code(db->pg, res);

			PQclear(res);
			return rc;
		}
		db->pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
		p->res = res;
		p->row = -1;
	}
	if (PQresultStatus(p->res) != PGRES_TUPLES_OK)
		return SQLITE_DONE;
	if (p->row + 1 >= PQntuples(p->res) && p->more) {
		PGresult *res;

		pipe_sync(db);
		res = fetch(p);

		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			int rc = result_code(db->pg, res);

			PQclear(res);
			return rc;
		}
		PQclear(p->res);
		p->res = res;
		p->row = -1;
		forget_blob(p);
	}
	if (p->row + 1 < PQntuples(p->res)) {
		p->row++;
		forget_blob(p);
		return SQLITE_ROW;
	}
	p->row = PQntuples(p->res);
	return SQLITE_DONE;
}

int
crm_pg_write(struct crm_db *db, struct pg_stmt *p, const char *what)
{
	if (!crm_pg_in_tx(db))
		return crm_pg_step(db, p, 0);
	crm_pg_reset(p);
	pipe_send(db, p, what);
	if (db->pg->npending >= PIPE_MAX)
		pipe_sync(db);
	return SQLITE_DONE;
}

static int
has_value(const struct pg_stmt *p, int i)
{
	return p->res && p->row >= 0 && p->row < PQntuples(p->res) &&
	       i >= 0 && i < PQnfields(p->res) &&
	       !PQgetisnull(p->res, p->row, i);
}

const char *
crm_pg_text(struct pg_stmt *p, int i)
{
	if (!has_value(p, i))
		return NULL;
	return PQgetvalue(p->res, p->row, i);
}

long long
crm_pg_int64(struct pg_stmt *p, int i)
{
	const char *v = crm_pg_text(p, i);

	if (!v)
		return 0;
	if (PQftype(p->res, i) == OID_BOOL)
		return *v == 't';
	return strtoll(v, NULL, 10);
}

int
crm_pg_type(struct pg_stmt *p, int i)
{
	if (!has_value(p, i))
		return SQLITE_NULL;
	switch (PQftype(p->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_NUMERIC:
		return SQLITE_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return SQLITE_FLOAT;
	case OID_BYTEA:
		return SQLITE_BLOB;
	default:
		return SQLITE_TEXT;
	}
}

const void *
crm_pg_blob(struct pg_stmt *p, int i, int *n)
{
	const char *v;

	if (p->blob_col != i || p->blob_row != p->row) {
		forget_blob(p);
		v = crm_pg_text(p, i);
		if (!v) {
			if (n)
				*n = 0;
			return NULL;
		}
		p->blob = PQunescapeBytea((const unsigned char *)v,
					  &p->blob_len);
		p->blob_col = i;
		p->blob_row = p->row;
	}
	if (n)
		*n = (int)p->blob_len;
	return p->blob;
}
