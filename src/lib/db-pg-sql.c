/*
 * db-pg-sql.c - crm's SQL, written for SQLite, in PostgreSQL's spelling.
 *
 * Only spelling is changed here, word by word, outside string literals:
 *   ?, ?N, :name          $N (the names kept for bind_parameter_index)
 *   INSERT OR IGNORE      INSERT ... ON CONFLICT DO NOTHING
 *   INSERT OR REPLACE     INSERT ... ON CONFLICT (key) DO UPDATE (setting)
 *   INSERT/UPDATE OR FAIL INSERT/UPDATE (a failed statement ends the
 *                         transaction on both)
 *   a IS b, a IS NOT b    IS [NOT] DISTINCT FROM (b not NULL)
 *   LIKE                  ILIKE (SQLite's LIKE ignores ASCII case)
 *   main.t, temp.t        t, pg_temp.t
 *   INDEXED BY i, NOT INDEXED   (left to PostgreSQL's planner)
 *   INTEGER, REAL         BIGINT, DOUBLE PRECISION (in CAST and DDL)
 *   ifnull(, total(       coalesce(, sum(
 *   COLLATE NOCASE        COLLATE crm_nocase (ICU, case-insensitive)
 *   ORDER BY x [DESC]     ORDER BY x NULLS FIRST (NULLS LAST): SQLite
 *                         sorts NULL lowest, PostgreSQL highest; a bare
 *                         NOT NULL column is left as it is for its index
 * What differs in meaning (max(a, b), sum of a comparison) is given to
 * PostgreSQL as functions of crm's schema (db-pg-schema.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "db-pg.h"

/* s after what is written, before the white space that ends it */
static void
put_clause(struct crm_strbuf *b, const char *s)
{
	size_t end = b->len, ws;
	char tail[64];

	while (end > 0 && isspace((unsigned char)b->s[end - 1]) &&
	       b->len - end < sizeof tail - 1)
		end--;
	ws = b->len - end;
	memcpy(tail, b->s + end, ws);
	b->len = end;
	crm_strbuf_puts(b, s);
	crm_strbuf_put(b, tail, ws);
}

struct params {
	char **names;
	int n, cap;
};

/* $k's slot, made when k is new; names[k - 1] stays NULL for ?N */
static void
param_slot(struct params *ps, int k)
{
	while (ps->n < k) {
		if (ps->n == ps->cap) {
			ps->cap = ps->cap ? 2 * ps->cap : 8;
			ps->names = crm_xrealloc(ps->names,
						 sizeof *ps->names *
							 (size_t)ps->cap);
		}
		ps->names[ps->n++] = NULL;
	}
}

static int
param_named(struct params *ps, const char *name, size_t n)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->names[i] && strlen(ps->names[i]) == n &&
		    memcmp(ps->names[i], name, n) == 0)
			return i + 1;
	param_slot(ps, ps->n + 1);
	ps->names[ps->n - 1] = crm_xmalloc(n + 1);
	memcpy(ps->names[ps->n - 1], name, n);
	ps->names[ps->n - 1][n] = '\0';
	return ps->n;
}

static int
is_word_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static int
is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static size_t
word_len(const char *p)
{
	size_t n = 0;

	while (is_word_char(p[n]))
		n++;
	return n;
}

static int
word_is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

/* the word after p's white space, its length in *n (0: none) */
static const char *
next_word(const char *p, size_t *n)
{
	while (isspace((unsigned char)*p))
		p++;
	*n = is_word_start(*p) ? word_len(p) : 0;
	return p;
}

enum conflict { CONFLICT_NONE, CONFLICT_IGNORE, CONFLICT_REPLACE };

/* the ORDER BY being copied, one term at a time */
struct order_state {
	int active, depth;  /* in an ORDER BY at this parenthesis depth */
	int words, simple;  /* the term's words; only words and dots */
	int desc, nulls;    /* its last word is DESC; it says NULLS */
	int last_id;        /* its last word is "id" */
};

struct stmt_state {
	struct order_state ord;
	int depth;
	enum conflict conflict;
	int want_table; /* the word after INTO names the table */
	char table[64];
};

/*
 * A column every table that has it declares NOT NULL: a bare reference
 * to one sorts the same either way, and is left without NULLS FIRST, so
 * that an index in its order still serves ORDER BY ... LIMIT.
 */
static int
not_null(const char *w, size_t n)
{
	static const char *const cols[] = {"id", "customer_id", "day",
					   "created", "kind", "start", "month",
					   "year"};

	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		if (word_is(w, n, cols[i]))
			return 1;
	return 0;
}

static void
order_term_start(struct order_state *o)
{
	o->words = o->desc = o->nulls = o->last_id = 0;
	o->simple = 1;
}

static void
order_term_end(struct crm_strbuf *b, struct order_state *o)
{
	if (o->active && o->words && !o->nulls && !(o->simple && o->last_id))
		put_clause(b, o->desc ? " NULLS LAST" : " NULLS FIRST");
	order_term_start(o);
}

static void
end_conflict(struct crm_strbuf *b, struct stmt_state *st)
{
	order_term_end(b, &st->ord);
	st->ord.active = 0;
	if (st->conflict == CONFLICT_IGNORE)
		put_clause(b, " ON CONFLICT DO NOTHING");
	else if (st->conflict == CONFLICT_REPLACE) {
		if (strcmp(st->table, "setting") != 0)
			crm_die(CRM_EX_SOFTWARE,
				"INSERT OR REPLACE INTO %s has no PostgreSQL "
				"spelling", st->table);
		put_clause(b, " ON CONFLICT (key) DO UPDATE SET"
			      " value = excluded.value");
	}
	st->conflict = CONFLICT_NONE;
	st->want_table = 0;
	st->table[0] = '\0';
}

/* a word of an ORDER BY term at the ORDER BY's depth */
static void
order_word(struct crm_strbuf *b, struct stmt_state *st, const char *w, size_t n)
{
	struct order_state *o = &st->ord;

	if (!o->active || st->depth != o->depth)
		return;
	if (word_is(w, n, "LIMIT") || word_is(w, n, "OFFSET") ||
	    word_is(w, n, "UNION") || word_is(w, n, "EXCEPT") ||
	    word_is(w, n, "INTERSECT")) {
		order_term_end(b, o);
		o->active = 0;
		return;
	}
	if (word_is(w, n, "DESC") || word_is(w, n, "ASC")) {
		o->desc = word_is(w, n, "DESC");
		return;
	}
	if (word_is(w, n, "NULLS") || word_is(w, n, "FIRST") ||
	    word_is(w, n, "LAST")) {
		o->nulls = 1;
		return;
	}
	o->words++;
	o->last_id = not_null(w, n);
	if (o->words > 2)
		o->simple = 0;
}

/* "IS" at p (n letters): its spelling; *p moved past what it took */
static void
put_is(struct crm_strbuf *b, const char **p)
{
	size_t n2, n3;
	const char *w2 = next_word(*p + 2, &n2), *w3;

	if (n2 && word_is(w2, n2, "NOT")) {
		w3 = next_word(w2 + n2, &n3);
		if (n3 && (word_is(w3, n3, "NULL") ||
			   word_is(w3, n3, "DISTINCT") ||
			   word_is(w3, n3, "TRUE") ||
			   word_is(w3, n3, "FALSE"))) {
			crm_strbuf_puts(b, "IS");
			*p += 2;
			return;
		}
		crm_strbuf_puts(b, "IS DISTINCT FROM");
		*p = w2 + n2;
		return;
	}
	if (n2 && (word_is(w2, n2, "NULL") || word_is(w2, n2, "DISTINCT") ||
		   word_is(w2, n2, "TRUE") || word_is(w2, n2, "FALSE"))) {
		crm_strbuf_puts(b, "IS");
		*p += 2;
		return;
	}
	crm_strbuf_puts(b, "IS NOT DISTINCT FROM");
	*p += 2;
}

/* a word at *p: written in PostgreSQL's spelling, *p moved past it */
static void
put_word(struct crm_strbuf *b, const char **pp, struct stmt_state *st)
{
	const char *p = *pp, *w2;
	size_t n = word_len(p), n2;

	order_word(b, st, p, n);
	if (word_is(p, n, "ORDER")) {
		w2 = next_word(p + n, &n2);
		if (n2 && word_is(w2, n2, "BY")) {
			crm_strbuf_put(b, p, (size_t)(w2 + n2 - p));
			*pp = w2 + n2;
			st->ord.active = 1;
			st->ord.depth = st->depth;
			order_term_start(&st->ord);
			return;
		}
	}
	if (st->want_table && !word_is(p, n, "INTO") &&
	    !word_is(p, n, "main")) {
		snprintf(st->table, sizeof st->table, "%.*s", (int)n, p);
		st->want_table = 0;
	}
	if ((word_is(p, n, "main") || word_is(p, n, "temp")) && p[n] == '.') {
		if (word_is(p, n, "temp"))
			crm_strbuf_puts(b, "pg_temp.");
		*pp = p + n + 1;
		return;
	}
	if (word_is(p, n, "INSERT") || word_is(p, n, "UPDATE")) {
		w2 = next_word(p + n, &n2);
		crm_strbuf_put(b, p, n);
		*pp = p + n;
		if (n2 && word_is(w2, n2, "OR")) {
			const char *w3 = next_word(w2 + n2, &n2);

			if (word_is(w3, n2, "IGNORE"))
				st->conflict = CONFLICT_IGNORE;
			else if (word_is(w3, n2, "REPLACE"))
				st->conflict = CONFLICT_REPLACE;
			*pp = w3 + n2;
		}
		if (word_is(p, n, "INSERT"))
			st->want_table = 1;
		return;
	}
	*pp = p + n;
	/* the plan is PostgreSQL's to choose */
	if (word_is(p, n, "INDEXED")) {
		w2 = next_word(p + n, &n2);
		if (n2 && word_is(w2, n2, "BY")) {
			w2 = next_word(w2 + n2, &n2);
			*pp = w2 + n2;
			while (isspace((unsigned char)**pp))
				(*pp)++;
		}
		return;
	}
	if (word_is(p, n, "NOT")) {
		w2 = next_word(p + n, &n2);
		if (n2 && word_is(w2, n2, "INDEXED")) {
			*pp = w2 + n2;
			return;
		}
	}
	if (word_is(p, n, "IS")) {
		*pp = p;
		put_is(b, pp);
	} else if (word_is(p, n, "RETURNING")) {
		end_conflict(b, st);
		crm_strbuf_put(b, p, n);
	} else if (word_is(p, n, "LIKE"))
		crm_strbuf_puts(b, "ILIKE");
	else if (word_is(p, n, "INTEGER"))
		crm_strbuf_puts(b, "BIGINT");
	else if (word_is(p, n, "REAL"))
		crm_strbuf_puts(b, "DOUBLE PRECISION");
	else if (word_is(p, n, "NOCASE"))
		crm_strbuf_puts(b, "crm_nocase");
	else if (word_is(p, n, "ifnull") && p[n] == '(')
		crm_strbuf_puts(b, "coalesce");
	else if (word_is(p, n, "total") && p[n] == '(')
		crm_strbuf_puts(b, "sum");
	else
		crm_strbuf_put(b, p, n);
}

/* a quoted string or identifier at *p, copied whole */
static void
put_quoted(struct crm_strbuf *b, const char **pp)
{
	const char *p = *pp, q = *p;
	const char *e = p + 1;

	for (;;) {
		if (!*e)
			break;
		if (*e == q) {
			if (e[1] == q) {
				e += 2;
				continue;
			}
			e++;
			break;
		}
		e++;
	}
	crm_strbuf_put(b, p, (size_t)(e - p));
	*pp = e;
}

char *
crm_pg_sql(const char *sql, char ***names, int *nparams)
{
	struct crm_strbuf b = {NULL, 0, 0};
	struct params ps = {NULL, 0, 0};
	struct stmt_state st;
	const char *p = sql;
	char num[16];

	memset(&st, 0, sizeof st);
	crm_strbuf_puts(&b, "");
	while (*p) {
		if (*p == '\'' || *p == '"') {
			put_quoted(&b, &p);
		} else if (*p == '-' && p[1] == '-') {
			size_t n = strcspn(p, "\n");
			crm_strbuf_put(&b, p, n);
			p += n;
		} else if (*p == '?') {
			int k;

			p++;
			if (isdigit((unsigned char)*p)) {
				k = (int)strtol(p, (char **)&p, 10);
				param_slot(&ps, k);
			} else {
				param_slot(&ps, ps.n + 1);
				k = ps.n;
			}
			snprintf(num, sizeof num, "$%d", k);
			crm_strbuf_puts(&b, num);
			st.ord.simple = 0;
			st.ord.words++;
		} else if ((*p == ':' || *p == '@' || *p == '$') &&
			   is_word_start(p[1])) {
			size_t n = 1 + word_len(p + 1);
			int k = param_named(&ps, p, n);

			snprintf(num, sizeof num, "$%d", k);
			crm_strbuf_puts(&b, num);
			p += n;
			st.ord.simple = 0;
			st.ord.words++;
		} else if (is_word_start(*p)) {
			put_word(&b, &p, &st);
		} else if (isdigit((unsigned char)*p)) {
			/* a number's exponent is not a word */
			size_t n = 0;

			while (is_word_char(p[n]) || p[n] == '.')
				n++;
			crm_strbuf_put(&b, p, n);
			p += n;
			st.ord.simple = 0;
			st.ord.words++;
		} else if (*p == ';') {
			end_conflict(&b, &st);
			crm_strbuf_put(&b, p++, 1);
		} else if (*p == '(') {
			if (st.depth == st.ord.depth)
				st.ord.simple = 0;
			st.depth++;
			crm_strbuf_put(&b, p++, 1);
		} else if (*p == ')') {
			if (st.ord.active && st.depth == st.ord.depth) {
				order_term_end(&b, &st.ord);
				st.ord.active = 0;
			}
			st.depth--;
			crm_strbuf_put(&b, p++, 1);
		} else if (*p == ',' && st.ord.active &&
			   st.depth == st.ord.depth) {
			order_term_end(&b, &st.ord);
			crm_strbuf_put(&b, p++, 1);
		} else {
			if (!isspace((unsigned char)*p) && *p != '.' &&
			    st.depth == st.ord.depth)
				st.ord.simple = 0;
			crm_strbuf_put(&b, p++, 1);
		}
	}
	end_conflict(&b, &st);
	if (names) {
		*names = ps.names;
		*nparams = ps.n;
	} else {
		for (int i = 0; i < ps.n; i++)
			free(ps.names[i]);
		free(ps.names);
	}
	return b.s;
}

/*
 * The name the user sees in messages: a password written in the URI
 * ("postgresql://crm:secret@host/shop") or as a keyword ("password=...")
 * is replaced by "***", so that it is in no message or output of crm.
 */
int
crm_pg_is_uri(const char *path)
{
	return strncmp(path, "postgresql:", 11) == 0 ||
	       strncmp(path, "postgres:", 9) == 0;
}

/*
 * The next password written in path at or after p: in a URI's user
 * information ("postgresql://crm:secret@host/shop") or as a keyword
 * ("password=secret", "password='a b'", "?password=x&").  Its first
 * byte in *start, the byte after it in *end; 0 when there is none.
 */
static int
next_password(const char *path, const char *p, const char **start,
	      const char **end)
{
	const char *scheme = strstr(path, "://");

	if (scheme && p <= scheme + 3) {
		const char *auth = scheme + 3;
		size_t alen = strcspn(auth, "@/?");
		const char *colon = memchr(auth, ':', alen);

		if (auth[alen] == '@' && colon) {
			*start = colon + 1;
			*end = auth + alen;
			return 1;
		}
	}
	for (; *p; p++) {
		if (strncmp(p, "password=", 9) != 0 ||
		    (p != path && !strchr(" ?&:", p[-1])))
			continue;
		p += 9;
		*start = p;
		if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
		} else
			p += strcspn(p, " &");
		*end = p;
		return 1;
	}
	return 0;
}

char *
crm_pg_display_name(const char *path)
{
	size_t n = strlen(path);
	char *d = crm_xmalloc(n + 3 * (n / 9 + 1) + 4), *o = d;
	const char *p = path, *start, *end;

	while (next_password(path, p, &start, &end)) {
		memcpy(o, p, (size_t)(start - p));
		o += start - p;
		memcpy(o, "***", 3);
		o += 3;
		p = end;
	}
	strcpy(o, p);
	return d;
}

int
crm_pg_hide_password(char *path)
{
	const char *p = path, *start, *end;
	int hidden = 0;

	while (next_password(path, p, &start, &end)) {
		memset(path + (start - path), '*', (size_t)(end - start));
		hidden = 1;
		p = end;
	}
	return hidden;
}

/* crm_schema's version, 0 when crm's schema is not there */
