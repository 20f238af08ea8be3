/* db-customer.c - the customer registry: add, update, find, list */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

const char *const crm_customer_cols[CRM_NCOLS] = {
	"id",     "name",        "email",  "phone",   "card", "category",
	"source", "reason", "referred_by", "status", "created", "note"};

int
crm_col_lookup(const char *name)
{
	for (int k = 0; k < CRM_NCOLS; k++)
		if (strcmp(name, crm_customer_cols[k]) == 0)
			return k;
	return -1;
}

long long
crm_db_customer_find(struct crm_db *db, enum crm_key key, const char *value)
{
	struct crm_stmt *st;
	long long id = 0;

	switch (key) {
	case CRM_KEY_ID: {
		const char *why;

		if (crm_int_parse(value, 1, INT64_MAX, &id, &why) < 0)
			return 0;
		st = crm_sql_stmt(db, ST_CUSTOMER_BY_ID,
			     "SELECT id FROM customer WHERE id = ?");
		crm_st_bind_int64(st, 1, id);
		id = 0;
		break;
	}
	case CRM_KEY_CARD:
		st = crm_sql_stmt(db, ST_CUSTOMER_BY_CARD,
			     "SELECT id FROM customer WHERE card = ?");
		crm_sql_bind_key(st, 1, value);
		break;
	case CRM_KEY_EMAIL:
	default:
		st = crm_sql_stmt(db, ST_CUSTOMER_BY_EMAIL,
			     "SELECT id FROM customer WHERE email = ?");
		crm_sql_bind_key(st, 1, value);
		break;
	}
	if (crm_sql_step(db, st, "find customer") == SQLITE_ROW)
		id = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return id;
}

/* The duplicate a failed write ran into, from SQLite's constraint message;
 * another constraint is reported in SQLite's words. */
static enum crm_db_clash
clash_of(struct crm_db *db, struct crm_err *e)
{
	const char *msg = crm_sql_errmsg(db);

	if (strstr(msg, "customer.card"))
		return CRM_DB_CLASH_CARD;
	if (strstr(msg, "customer.email"))
		return CRM_DB_CLASH_EMAIL;
	if (strstr(msg, "customer.id"))
		return CRM_DB_CLASH_ID;
	if (strstr(msg, "CHECK") && strstr(msg, "referred_by"))
		return CRM_DB_CLASH_SELF;
	crm_err_set(e, CRM_EX_DATAERR, "%s", msg);
	return CRM_DB_CLASH_OTHER;
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

long long
crm_db_default_category_marked(struct crm_db *db)
{
	struct crm_stmt *st;
	long long id = 0;

	st = crm_sql_stmt(db, ST_DEFAULT_CATEGORY,
		     "SELECT k.id FROM setting s JOIN category k"
		     " ON k.id = CAST(s.value AS INTEGER) AND k.deleted = 0"
		     " WHERE s.key = 'default_category_id'");
	if (crm_sql_step(db, st, "default category") == SQLITE_ROW)
		id = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return id;
}

void
crm_db_default_category_mark(struct crm_db *db, const struct crm_config *cfg)
{
	long long id = crm_db_category_id(db, cfg->default_category);
	struct crm_stmt *st;

	if (!id)
		return;
	st = crm_sql_prepare(db, "INSERT OR IGNORE INTO setting (key, value)"
			    " VALUES ('default_category_id', ?)");
	crm_st_bind_int64(st, 1, id);
	crm_sql_step(db, st, "default category");
	crm_st_finalize(st);
}

long long
crm_db_customer_max_id(struct crm_db *db)
{
	/* asked once per connection: a bulk import adds in order and
	 * crm_db_customer_insert() keeps it current */
	if (!db->max_customer_known) {
		db->max_customer = crm_sql_int(db, "SELECT coalesce(max(id), 0)"
					      " FROM customer");
		db->max_customer_known = 1;
	}
	return db->max_customer;
}

long long
crm_db_customer_count(struct crm_db *db)
{
	return crm_sql_int(db, "SELECT count(*) FROM customer");
}

long long
crm_db_customer_referrer(struct crm_db *db, long long id)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_CUSTOMER_REFERRER,
				   "SELECT referred_by FROM customer WHERE id = ?");
	long long r = 0;

	crm_st_bind_int64(st, 1, id);
	if (crm_sql_step(db, st, "referrer") == SQLITE_ROW)
		r = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return r;
}

int
crm_db_customer_insert(struct crm_db *db, const struct crm_customer_rec *r,
		       enum crm_db_clash *clash, struct crm_err *e)
{
	const char *const *v = r->f.v;
	struct crm_stmt *st;
	int rc;

	st = crm_sql_stmt(db, ST_CUSTOMER_INSERT,
		     "INSERT INTO customer (id, name, email, phone, card,"
		     " category_id, source, reason, referred_by, status,"
		     " created, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	crm_st_bind_int64(st, 1, r->id);
	crm_sql_bind_text(st, 2, v[CRM_COL_NAME]);
	crm_sql_bind_text(st, 3, nonempty(v[CRM_COL_EMAIL]));
	crm_sql_bind_text(st, 4, nonempty(v[CRM_COL_PHONE]));
	crm_sql_bind_text(st, 5, nonempty(v[CRM_COL_CARD]));
	crm_st_bind_int64(st, 6, r->category);
	crm_sql_bind_text(st, 7, nonempty(v[CRM_COL_SOURCE]));
	crm_sql_bind_text(st, 8, nonempty(v[CRM_COL_REASON]));
	if (r->has_referrer)
		crm_st_bind_int64(st, 9, r->referred_by);
	crm_sql_bind_text(st, 10, nonempty(v[CRM_COL_STATUS]));
	crm_st_bind_int(st, 11, r->created);
	crm_sql_bind_text(st, 12, nonempty(v[CRM_COL_NOTE]));
	crm_st_may_fail(st);
	rc = crm_sql_step(db, st, "add customer");
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		*clash = clash_of(db, e);
		crm_st_reset(st);
		return -1;
	}
	if (db->max_customer_known && r->id > db->max_customer)
		db->max_customer = r->id;
	return 0;
}

/* one "col = new value" term: NULL keeps, '' clears */
#define SET_TEXT(col, n)                                                  \
	col " = CASE WHEN CAST(?" #n " AS TEXT) IS NULL THEN " col        \
	    " WHEN ?" #n " = ''"                                            \
	    " THEN NULL ELSE ?" #n " END"
#define DIFF(col, n)                                                      \
	"(CAST(?" #n " AS TEXT) IS NOT NULL AND " col                      \
	" IS NOT nullif(?" #n ", ''))"
/* the same for an id, bound as a number or as text ('' clears) */
#define SET_ID(col, n)                                                    \
	col " = CASE WHEN CAST(?" #n " AS TEXT) IS NULL THEN " col         \
	    " ELSE CAST(nullif(?" #n ", '') AS INTEGER) END"
#define DIFF_ID(col, n)                                                   \
	"(CAST(?" #n " AS TEXT) IS NOT NULL AND " col " IS NOT"            \
	" CAST(nullif(?" #n ", '') AS INTEGER))"

int
crm_db_customer_write(struct crm_db *db, long long id,
		      const struct crm_customer_rec *r,
		      enum crm_db_clash *clash, struct crm_err *e)
{
	const char *const *v = r->f.v;
	struct crm_stmt *st;
	int rc, changed;

	st = crm_sql_stmt(db, ST_CUSTOMER_UPDATE,
		     "UPDATE customer SET"
		     " name = coalesce(?2, name), "
		     SET_TEXT("email", 3) ", " SET_TEXT("phone", 4) ", "
		     SET_TEXT("card", 5) ", " SET_TEXT("source", 6) ", "
		     SET_TEXT("reason", 7) ", " SET_ID("referred_by", 8) ", "
		     " status = coalesce(?9, status),"
		     " created = coalesce(?10, created), "
		     SET_TEXT("note", 11)
		     " WHERE id = ?1 AND ((CAST(?2 AS TEXT) IS NOT NULL"
		     " AND name IS NOT ?2) OR "
		     DIFF("email", 3) " OR " DIFF("phone", 4) " OR "
		     DIFF("card", 5) " OR " DIFF("source", 6) " OR "
		     DIFF("reason", 7) " OR " DIFF_ID("referred_by", 8) " OR "
		     "(CAST(?9 AS TEXT) IS NOT NULL AND status IS NOT ?9) OR "
		     "(CAST(?10 AS INTEGER) IS NOT NULL"
		     " AND created IS NOT ?10) OR "
		     DIFF("note", 11) ")");
	crm_st_bind_int64(st, 1, id);
	crm_sql_bind_text(st, 2, v[CRM_COL_NAME]);
	crm_sql_bind_text(st, 3, v[CRM_COL_EMAIL]);
	crm_sql_bind_text(st, 4, v[CRM_COL_PHONE]);
	crm_sql_bind_text(st, 5, v[CRM_COL_CARD]);
	crm_sql_bind_text(st, 6, v[CRM_COL_SOURCE]);
	crm_sql_bind_text(st, 7, v[CRM_COL_REASON]);
	if (r->has_referrer)
		crm_st_bind_int64(st, 8, r->referred_by);
	else
		crm_sql_bind_text(st, 8, v[CRM_COL_REFERRED_BY]);
	crm_sql_bind_text(st, 9, nonempty(v[CRM_COL_STATUS]));
	if (r->has_created)
		crm_st_bind_int(st, 10, r->created);
	crm_sql_bind_text(st, 11, v[CRM_COL_NOTE]);
	crm_st_may_fail(st);
	rc = crm_sql_step(db, st, "update customer");
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		*clash = clash_of(db, e);
		crm_st_reset(st);
		return -1;
	}
	changed = crm_sql_changes(db) > 0;
	crm_st_reset(st);
	return changed;
}

/* Turn a shell glob into a LIKE pattern (ESCAPE '\'); no wildcard
 * means "contains". */
static char *
glob_to_like(const char *g)
{
	size_t n = strlen(g);
	char *p = crm_xmalloc(2 * n + 3), *w = p;
	int wild = strpbrk(g, "*?") != NULL;

	if (!wild)
		*w++ = '%';
	for (; *g; g++) {
		if (*g == '*')
			*w++ = '%';
		else if (*g == '?')
			*w++ = '_';
		else {
			if (*g == '%' || *g == '_' || *g == '\\')
				*w++ = '\\';
			*w++ = *g;
		}
	}
	if (!wild)
		*w++ = '%';
	*w = '\0';
	return p;
}

struct crm_db_iter *
crm_db_customers(struct crm_db *db, const struct crm_filter *f)
{
	char sql[8192];
	size_t n;
	struct crm_stmt *st;
	char *like = NULL;

	/* category and status as of --as-of (db-asof.c); without it, as of
	 * the end of time, which is today's */
	n = (size_t)snprintf(sql, sizeof sql,
		"SELECT c.id, c.name, c.email, c.phone, c.card, k.name,"
		" c.source, c.reason, c.referred_by, %s, c.created,"
		" c.note FROM customer c%s JOIN category k ON k.id = %s"
		" WHERE TRUE", DB_ASOF_STATUS, DB_ASOF_JOIN, DB_ASOF_CATEGORY);
	/* only the filters given, so the planner can use an index */
#define ADD(cond) n += (size_t)snprintf(sql + n, sizeof sql - n, " AND %s", cond)
	if (f->category)
		ADD(f->has_as_of ? "k.name = :category"
				 : "k.name = :category AND k.deleted = 0");
	/* NOCASE as the config's lists match (crm_wordlist_find) */
	if (f->source)
		ADD("c.source = :source COLLATE NOCASE");
	if (f->reason)
		ADD("c.reason = :reason COLLATE NOCASE");
	if (f->status)
		ADD(DB_ASOF_STATUS " = :status");
	if (f->name_pattern)
		ADD("c.name LIKE :name ESCAPE '\\'");
	if (f->has_created_from)
		ADD("c.created >= :cfrom");
	if (f->has_created_to)
		ADD("c.created <= :cto");
	if (f->referred_by)
		ADD("c.referred_by = :ref");
	if (f->has_as_of)
		ADD(DB_ASOF_EXISTS);
	if (f->only_selection)
		ADD("c.id IN (SELECT id FROM temp.marked)");
#undef ADD
	snprintf(sql + n, sizeof sql - n, " ORDER BY c.id");
	if (f->only_selection)
		crm_db_selection_table(db);
	st = crm_sql_prepare(db, sql);
	if (f->name_pattern)
		like = glob_to_like(f->name_pattern);
#define BIND_TEXT(name, v) \
	crm_sql_bind_text(st, crm_st_bind_parameter_index(st, name), v)
#define BIND_INT(name, v) \
	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, name), v)
	BIND_TEXT(":category", f->category);
	BIND_TEXT(":source", f->source);
	BIND_TEXT(":reason", f->reason);
	BIND_TEXT(":status", f->status);
	if (like)
		crm_st_bind_text(st, crm_st_bind_parameter_index(st, ":name"),
				  like, -1, free);
	BIND_INT(":cfrom", f->created_from);
	BIND_INT(":cto", f->created_to);
	BIND_INT(":ref", f->referred_by);
	crm_db_asof_bind(db, st, f->has_as_of ? f->as_of : INT32_MAX);
#undef BIND_TEXT
#undef BIND_INT
	return crm_sql_iter_new(db, st);
}

int
crm_db_customers_next(struct crm_db_iter *it, struct crm_fields *f)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "list customers") != SQLITE_ROW)
		return 0;
	f->v[CRM_COL_ID] = crm_sql_col_int(st, 0, it->num[0]);
	f->v[CRM_COL_NAME] = crm_sql_col_text(st, 1);
	f->v[CRM_COL_EMAIL] = crm_sql_col_text(st, 2);
	f->v[CRM_COL_PHONE] = crm_sql_col_text(st, 3);
	f->v[CRM_COL_CARD] = crm_sql_col_text(st, 4);
	f->v[CRM_COL_CATEGORY] = crm_sql_col_text(st, 5);
	f->v[CRM_COL_SOURCE] = crm_sql_col_text(st, 6);
	f->v[CRM_COL_REASON] = crm_sql_col_text(st, 7);
	f->v[CRM_COL_REFERRED_BY] = crm_sql_col_int(st, 8, it->num[1]);
	f->v[CRM_COL_STATUS] = crm_sql_col_text(st, 9);
	f->v[CRM_COL_CREATED] = crm_sql_col_date(st, 10, it->num[2]);
	f->v[CRM_COL_NOTE] = crm_sql_col_text(st, 11);
	f->given = (1u << CRM_NCOLS) - 1;
	return 1;
}

int
crm_db_profile(struct crm_db *db, long long id, crm_day as_of,
	       struct crm_profile *p)
{
	struct crm_stmt *st;
	struct crm_db_iter *it;
	int found;

	/* category and status as of as_of (db-asof.c) */
	st = crm_sql_prepare(db, "SELECT c.id, c.name, c.email, c.phone, c.card,"
			    " k.name, c.source, c.reason, c.referred_by,"
			    " " DB_ASOF_STATUS ", c.created, c.note, "
			    DB_ASOF_LOST_REASON ", " DB_ASOF_LOST_DAY ","
			    " k.description, k.discount, k.bonus,"
			    " k.prepay, r.name"
			    " FROM customer c" DB_ASOF_JOIN
			    " JOIN category k ON k.id = " DB_ASOF_CATEGORY
			    " LEFT JOIN customer r ON r.id = c.referred_by"
			    " WHERE c.id = :id");
	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, ":id"), id);
	crm_db_asof_bind(db, st, as_of);
	it = crm_sql_iter_new(db, st);
	found = crm_db_customers_next(it, &p->f);
	if (found) {
		p->lost_reason = crm_sql_col_text(st, 12);
		p->lost_date = crm_st_column_type(st, 13) == SQLITE_NULL
				       ? 0
				       : (crm_day)crm_st_column_int64(st, 13);
		p->cat_description = crm_sql_col_text(st, 14);
		p->cat_discount = crm_st_column_int(st, 15);
		p->cat_bonus = crm_st_column_int(st, 16);
		p->cat_prepay = crm_st_column_int(st, 17);
		p->referrer_name = crm_sql_col_text(st, 18);
	}
	/* the caller's strings live in the statement: keep it until the
	 * next call by parking the iterator in the db */
	crm_db_iter_free(db->profile);
	db->profile = it;
	return found;
}
