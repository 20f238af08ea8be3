/*
 * customer.c - a customer: the rules for adding and changing one.
 *
 * The fields are checked and normalised here, the id and the default
 * category chosen here; storage (db-customer.c) is asked for facts and
 * told what to write.  No SQL: a second backend keeps these rules.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int
crm_customer_check_email(const char *s, struct crm_err *e)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || !at[1] || strchr(at + 1, '@') ||
	    strpbrk(s, " \t\r\n<>,;"))
		return crm_err_set(e, CRM_EX_DATAERR,
				   "e-mail '%s' is not an address", s);
	return 0;
}

static int
check_no_controls(const char *col, const char *s, struct crm_err *e)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "%s '%s' contains a control character",
					   col, s);
	return 0;
}

/* The words, numbers and dates of the fields that need no look-up; for
 * an update an empty value means "clear", so only non-empty values are
 * checked, and what cannot be cleared is refused. */
static int
check_words(const struct crm_fields *f, int adding, struct crm_customer_rec *r,
	    struct crm_err *e)
{
	const char *const *v = f->v;
	const char *why;

	if (v[CRM_COL_ID] && *v[CRM_COL_ID]) {
		if (crm_int_parse(v[CRM_COL_ID], 1, INT64_MAX, &r->id, &why) < 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "id '%s' %s", v[CRM_COL_ID], why);
		r->has_id = 1;
	}
	if (adding ? !v[CRM_COL_NAME] || crm_blank(v[CRM_COL_NAME])
		   : v[CRM_COL_NAME] && crm_blank(v[CRM_COL_NAME]))
		return crm_err_set(e, CRM_EX_DATAERR, "name is missing or blank");
	if (v[CRM_COL_EMAIL] && *v[CRM_COL_EMAIL] &&
	    crm_customer_check_email(v[CRM_COL_EMAIL], e) < 0)
		return -1;
	if (v[CRM_COL_CARD] && *v[CRM_COL_CARD] &&
	    check_no_controls("card", v[CRM_COL_CARD], e) < 0)
		return -1;
	return 0;
}

static int
check_status_created(const struct crm_fields *f, int adding,
		     struct crm_customer_rec *r, struct crm_err *e)
{
	const char *const *v = f->v;
	const char *why;

	if (v[CRM_COL_STATUS] && *v[CRM_COL_STATUS] &&
	    strcmp(v[CRM_COL_STATUS], "active") != 0 &&
	    strcmp(v[CRM_COL_STATUS], "lost") != 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "status '%s' is not active or lost",
				   v[CRM_COL_STATUS]);
	if (!adding && v[CRM_COL_STATUS] && !*v[CRM_COL_STATUS])
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the status cannot be cleared");
	if (v[CRM_COL_CREATED] && *v[CRM_COL_CREATED]) {
		if (crm_date_parse(v[CRM_COL_CREATED], &r->created, &why) < 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "created '%s' %s",
					   v[CRM_COL_CREATED], why);
		r->has_created = 1;
	} else if (!adding && v[CRM_COL_CREATED])
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the created date cannot be cleared");
	return 0;
}

/* The category and the referrer, which must exist. */
static int
check_refs(struct crm_db *db, const struct crm_fields *f, int adding,
	   struct crm_customer_rec *r, struct crm_err *e)
{
	const char *const *v = f->v;
	const char *why;

	if (v[CRM_COL_CATEGORY] && *v[CRM_COL_CATEGORY]) {
		r->category = crm_db_category_id(db, v[CRM_COL_CATEGORY]);
		if (!r->category)
			return crm_err_set(e, CRM_EX_NOINPUT,
					   "category '%s' does not exist",
					   v[CRM_COL_CATEGORY]);
	} else if (!adding && v[CRM_COL_CATEGORY])
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the category cannot be cleared");
	if (v[CRM_COL_REFERRED_BY] && *v[CRM_COL_REFERRED_BY]) {
		if (crm_int_parse(v[CRM_COL_REFERRED_BY], 1, INT64_MAX,
				  &r->referred_by, &why) < 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "referred_by '%s' %s",
					   v[CRM_COL_REFERRED_BY], why);
		if (r->has_id && r->id == r->referred_by)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "a customer cannot refer to itself");
		if (!crm_db_customer_find(db, CRM_KEY_ID,
					  v[CRM_COL_REFERRED_BY]))
			return crm_err_set(e, CRM_EX_NOINPUT,
					   "referrer %lld does not exist",
					   r->referred_by);
		r->has_referrer = 1;
	}
	return 0;
}

/* The listed words of l, comma-separated, as many as fit in buf. */
static void
join_words(const struct crm_wordlist *l, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		int k = snprintf(buf + at, size - at, "%s%s", i ? ", " : "",
				 l->v[i]);

		if (k < 0 || (size_t)k >= size - at) {
			snprintf(buf + at, size - at, "%s", i ? ", ..." : "...");
			return;
		}
		at += (size_t)k;
	}
}

/*
 * A source or reason against the config's list (sources:, reasons:):
 * the listed spelling replaces the value, so "friend" and "FRIEND" are
 * stored as the listed "Friend" and stay one group in crm-value --by
 * source.  An unlisted value is refused (65), or with unlisted: warn
 * kept as given and told in warn.  Empty means none (or clears).
 */
static int
check_listed(const struct crm_config *cfg, struct crm_customer_rec *r,
	     int col, char *warn, size_t size, struct crm_err *e)
{
	const struct crm_wordlist *l =
		col == CRM_COL_SOURCE ? &cfg->sources : &cfg->reasons;
	const char *what = col == CRM_COL_SOURCE ? "source" : "reason";
	const char *v = r->f.v[col], *hit;
	char words[200];

	if (!l->set || !v || !*v)
		return 0;
	if ((hit = crm_wordlist_find(l, v))) {
		r->f.v[col] = hit;
		return 0;
	}
	join_words(l, words, sizeof words);
	if (!cfg->unlisted_warn)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "%s '%s' is not on the config's list (%ss: "
				   "%s)", what, v, what, words);
	snprintf(warn, size, "%s '%s' is not on the config's list (%ss: %s)",
		 what, v, what, words);
	return 0;
}

/*
 * Check r->f, filling in the rest of r; the checks run in the order a
 * user has always seen their messages.  Success with a warning to give
 * (unlisted: warn) leaves it in e with status 0.
 */
static int
check_fields(struct crm_db *db, const struct crm_config *cfg, int adding,
	     struct crm_customer_rec *r, struct crm_err *e)
{
	char warn[2][sizeof e->msg / 2];

	warn[0][0] = warn[1][0] = '\0';
	if (check_words(&r->f, adding, r, e) < 0 ||
	    check_listed(cfg, r, CRM_COL_SOURCE, warn[0], sizeof warn[0],
			 e) < 0 ||
	    check_listed(cfg, r, CRM_COL_REASON, warn[1], sizeof warn[1],
			 e) < 0 ||
	    check_refs(db, &r->f, adding, r, e) < 0 ||
	    check_status_created(&r->f, adding, r, e) < 0)
		return -1;
	if (warn[0][0] || warn[1][0])
		crm_err_set(e, 0, "%s%s%s; kept as given", warn[0],
			    warn[0][0] && warn[1][0] ? "; " : "", warn[1]);
	return 0;
}

/* The message a user needs for the duplicate a write ran into. */
static int
clash_err(struct crm_db *db, enum crm_db_clash clash,
	  const struct crm_fields *f, struct crm_err *e)
{
	const char *const *v = f->v;

	switch (clash) {
	case CRM_DB_CLASH_CARD:
		return crm_err_set(e, CRM_EX_DATAERR,
				   "card '%s' already belongs to customer %lld",
				   v[CRM_COL_CARD],
				   crm_db_customer_find(db, CRM_KEY_CARD,
							v[CRM_COL_CARD]));
	case CRM_DB_CLASH_EMAIL:
		return crm_err_set(e, CRM_EX_DATAERR,
				   "e-mail '%s' already belongs to customer %lld",
				   v[CRM_COL_EMAIL],
				   crm_db_customer_find(db, CRM_KEY_EMAIL,
							v[CRM_COL_EMAIL]));
	case CRM_DB_CLASH_ID:
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %s already exists", v[CRM_COL_ID]);
	case CRM_DB_CLASH_SELF:
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a customer cannot refer to itself");
	case CRM_DB_CLASH_OTHER:
	default:
		return -1; /* storage said it in its own words */
	}
}

/* The cards, e-mails and phones of f without the spaces and tabs around
 * them, in t; returns the memory to free when any was trimmed. */
static char *
trim_keys(const struct crm_fields *f, struct crm_fields *t)
{
	static const int keys[] = {CRM_COL_EMAIL, CRM_COL_PHONE, CRM_COL_CARD};
	const char *start;
	size_t need = 0, at = 0;
	char *buf;

	*t = *f;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = f->v[keys[i]];

		if (v && crm_trim_span(v, &start) != strlen(v))
			need += strlen(v) + 1;
	}
	if (!need)
		return NULL;
	buf = crm_xmalloc(need);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = f->v[keys[i]];
		size_t n;

		if (!v || (n = crm_trim_span(v, &start)) == strlen(v))
			continue;
		memcpy(buf + at, start, n);
		buf[at + n] = '\0';
		t->v[keys[i]] = buf + at;
		at += n + 1;
	}
	return buf;
}

/*
 * The category of a customer added without one: the configuration's
 * default_category when the file names one; else the category crm-init
 * marked as the default, whatever its name now; else 'regular'.
 */
static long long
default_category(struct crm_db *db, const struct crm_config *cfg)
{
	long long id;

	if (cfg->default_category_set)
		return crm_db_category_id(db, cfg->default_category);
	id = crm_db_default_category_marked(db);
	return id ? id : crm_db_category_id(db, cfg->default_category);
}

int
crm_customer_next_id(long long max, long long *id, struct crm_err *e)
{
	if (max == INT64_MAX)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "no next customer id: the largest possible, "
				   "%lld, is taken; give an id",
				   (long long)INT64_MAX);
	*id = max + 1;
	return 0;
}

static long long
add_checked(struct crm_db *db, struct crm_customer_rec *r,
	    const struct crm_config *cfg, struct crm_err *e)
{
	enum crm_db_clash clash = CRM_DB_CLASH_OTHER;

	if (check_fields(db, cfg, 1, r, e) < 0)
		return 0;
	if (r->has_id && r->has_referrer && r->id == r->referred_by)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a customer cannot refer to itself"), 0;
	if (!r->category) {
		r->category = default_category(db, cfg);
		if (!r->category)
			return crm_err_set(e, CRM_EX_NOINPUT,
					   "default category '%s' does not exist",
					   cfg->default_category), 0;
	}
	/* the next id is given here, not left to storage: past the largest
	 * id SQLite would pick one at random */
	if (!r->has_id &&
	    crm_customer_next_id(crm_db_customer_max_id(db), &r->id, e) < 0)
		return 0;
	/* a new customer is active and created today unless told */
	if (!r->f.v[CRM_COL_STATUS] || !*r->f.v[CRM_COL_STATUS])
		r->f.v[CRM_COL_STATUS] = "active";
	if (!r->has_created)
		r->created = crm_today();
	if (crm_db_customer_insert(db, r, &clash, e) < 0) {
		clash_err(db, clash, &r->f, e);
		return 0;
	}
	return r->id;
}

long long
crm_customer_add(struct crm_db *db, const struct crm_fields *f,
		 const struct crm_config *cfg, struct crm_err *e)
{
	struct crm_customer_rec r = {0};
	char *buf = trim_keys(f, &r.f);
	long long id;

	crm_err_set(e, 0, "%s", ""); /* no warning yet */
	id = add_checked(db, &r, cfg, e);

	free(buf);
	return id;
}

/* Would customer id referring to r close a loop?  Walks up from r,
 * iteratively and bounded by the number of customers: a chain of a
 * million is walked without recursion. */
static int
makes_cycle(struct crm_db *db, long long id, long long r)
{
	long long limit = crm_db_customer_count(db) + 1;

	while (r && limit-- > 0) {
		if (r == id)
			return 1;
		r = crm_db_customer_referrer(db, r);
	}
	return 0;
}

static int
update_checked(struct crm_db *db, const struct crm_config *cfg, long long id,
	       struct crm_customer_rec *r, long long *batch, const char *note,
	       struct crm_err *e)
{
	enum crm_db_clash clash = CRM_DB_CLASH_OTHER;
	int changed, moved;

	if (check_fields(db, cfg, 0, r, e) < 0)
		return -1;
	if (r->has_referrer && r->referred_by == id)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld cannot refer to itself", id);
	if (r->has_referrer && makes_cycle(db, id, r->referred_by))
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld referred by %lld would make "
				   "a referral cycle", id, r->referred_by);
	changed = crm_db_customer_write(db, id, r, &clash, e);
	if (changed < 0) {
		clash_err(db, clash, &r->f, e);
		return -1;
	}
	if (r->category) {
		moved = crm_move_customer(db, id, r->category, batch, "edit",
					  note);
		if (moved > 0)
			changed = 1;
	}
	return changed;
}

int
crm_customer_update(struct crm_db *db, long long id,
		    const struct crm_fields *f, const struct crm_config *cfg,
		    long long *batch, const char *note, struct crm_err *e)
{
	struct crm_customer_rec r = {0};
	char *buf = trim_keys(f, &r.f);
	int rc;

	crm_err_set(e, 0, "%s", ""); /* no warning yet */
	rc = update_checked(db, cfg, id, &r, batch, note, e);

	free(buf);
	return rc;
}

long long
crm_customer_match(struct crm_db *db, const struct crm_fields *f)
{
	const char *const *v = f->v;
	long long id = 0;

	/* the id first, then the card, then the e-mail */
	if (v[CRM_COL_ID] && *v[CRM_COL_ID])
		id = crm_db_customer_find(db, CRM_KEY_ID, v[CRM_COL_ID]);
	if (!id && v[CRM_COL_CARD] && *v[CRM_COL_CARD])
		id = crm_db_customer_find(db, CRM_KEY_CARD, v[CRM_COL_CARD]);
	if (!id && v[CRM_COL_EMAIL] && *v[CRM_COL_EMAIL])
		id = crm_db_customer_find(db, CRM_KEY_EMAIL, v[CRM_COL_EMAIL]);
	return id;
}
