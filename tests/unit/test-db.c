/* test-db.c - the database: open, schema, customers, categories, batches */
#include <dirent.h>
#include <sys/stat.h>

#include "crm.h"
#include "tap.h"

static char dir[64];
static struct crm_config cfg;

/* "dir/name" in a static ring of buffers */
static const char *
in_dir(const char *name)
{
	static char ring[4][256];
	static int i;
	char *p = ring[i++ % 4];

	snprintf(p, sizeof ring[0], "%s/%s", dir, name);
	return p;
}

/* fields from "col=value" pairs, NULL-terminated; "col" alone is NULL */
static struct crm_fields
fields(const char *first, ...)
{
	struct crm_fields f;
	static char store[CRM_NCOLS][128];
	va_list ap;

	memset(&f, 0, sizeof f);
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *)) {
		const char *eq = strchr(s, '=');
		char col[32];
		int k;

		snprintf(col, sizeof col, "%.*s",
			 (int)(eq ? (size_t)(eq - s) : strlen(s)), s);
		k = crm_col_lookup(col);
		if (k < 0) {
			fprintf(stderr, "test-db: no column '%s'\n", col);
			exit(99);
		}
		if (eq) {
			snprintf(store[k], sizeof store[k], "%s", eq + 1);
			f.v[k] = store[k];
		} else
			f.v[k] = NULL;
		f.given |= 1u << k;
	}
	va_end(ap);
	return f;
}

/* a column of customer id's profile, copied; NULL when absent */
static const char *
col_of(struct crm_db *db, long long id, int col)
{
	static char ring[4][256];
	static int i;
	struct crm_profile p;
	char *r = ring[i++ % 4];

	if (!crm_db_profile(db, id, INT32_MAX, &p))
		return "(no such customer)";
	if (!p.f.v[col])
		return NULL;
	snprintf(r, sizeof ring[0], "%s", p.f.v[col]);
	return r;
}

static long long
count_customers(struct crm_db *db, const struct crm_filter *filter)
{
	struct crm_filter none;
	struct crm_db_iter *it;
	struct crm_fields f;
	long long n = 0;

	memset(&none, 0, sizeof none);
	it = crm_db_customers(db, filter ? filter : &none);
	while (crm_db_customers_next(it, &f))
		n++;
	crm_db_iter_free(it);
	return n;
}

/* the terms of a live category; 0 when there is none */
static int
category(struct crm_db *db, const char *name, struct crm_category *out,
	 char *desc, size_t size)
{
	struct crm_db_iter *it = crm_db_categories(db, 0);
	struct crm_category c;
	int found = 0;

	while (crm_db_categories_next(it, &c))
		if (strcmp(c.name, name) == 0) {
			*out = c;
			out->name = NULL;
			snprintf(desc, size, "%s",
				 c.description ? c.description : "(null)");
			out->description = desc;
			found = 1;
		}
	crm_db_iter_free(it);
	return found;
}

static long long
add(struct crm_db *db, struct crm_fields f, struct crm_err *e)
{
	memset(e, 0, sizeof *e);
	return crm_customer_add(db, &f, &cfg, e);
}

static int
update(struct crm_db *db, long long id, struct crm_fields f, long long *batch,
       struct crm_err *e)
{
	memset(e, 0, sizeof *e);
	return crm_customer_update(db, id, &f, &cfg, batch, "test", e);
}

/* expect a failed add: status and a piece of the message */
static void
add_fails(struct crm_db *db, struct crm_fields f, int status,
	  const char *part, const char *what)
{
	struct crm_err e;
	long long id = add(db, f, &e);

	ok(id == 0 && e.status == status && strstr(e.msg, part),
	   "add %s: %d '%s'", what, status, part);
	if (id || e.status != status || !strstr(e.msg, part))
		diag("got id %lld, status %d, message '%s'", id, e.status,
		     e.msg);
}

static void
update_fails(struct crm_db *db, long long id, struct crm_fields f, int status,
	     const char *part, const char *what)
{
	struct crm_err e;
	long long batch = 0;
	int rc = update(db, id, f, &batch, &e);

	ok(rc == -1 && e.status == status && strstr(e.msg, part),
	   "update %s: %d '%s'", what, status, part);
	if (rc != -1 || e.status != status || !strstr(e.msg, part))
		diag("got %d, status %d, message '%s'", rc, e.status, e.msg);
}

static void
undo_fails(struct crm_db *db, long long batch, int status, const char *part,
	   const char *what)
{
	struct crm_err e;
	long long u, moved;

	memset(&e, 0, sizeof e);
	u = crm_move_batch_undo(db, batch, &moved, &e);
	ok(u == 0 && e.status == status && strstr(e.msg, part),
	   "undo %s: %d '%s'", what, status, part);
	if (u || e.status != status || !strstr(e.msg, part))
		diag("got %lld, status %d, message '%s'", u, e.status, e.msg);
}

/* children that die */
static void
open_read_missing(void *arg)
{
	crm_db_open((const char *)arg, &cfg, CRM_DB_READ);
}

static void
open_write(void *arg)
{
	crm_db_open((const char *)arg, &cfg, CRM_DB_WRITE);
}

static void
open_create(void *arg)
{
	crm_db_open((const char *)arg, &cfg, CRM_DB_CREATE);
}

static void
remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *ent;

	if (!d)
		return;
	while ((ent = readdir(d)))
		if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, ".."))
			unlink(in_dir(ent->d_name));
	closedir(d);
	rmdir(dir);
}

/* what crm-init does after it creates the database: its categories */
static void
seed(struct crm_db *db, const struct crm_config *conf)
{
	struct crm_err e;

	crm_db_begin(db);
	if (crm_category_seed(db, conf, &e) < 0)
		crm_die(e.status, "%s", e.msg);
	crm_db_commit(db);
}

int
main(void)
{
	long long moved = 0;
	static const char *const defaults[] = {"employee", "problem", "regular",
					       "vip"};
	struct crm_db *db, *db2;
	struct crm_err e;
	struct crm_category c;
	struct crm_filter filter;
	struct crm_profile prof;
	struct crm_db_iter *it;
	struct crm_history h;
	struct stat sb;
	char msg[1024], desc[256];
	const char *path;
	long long ann, bo, cy, dag, eve, fay, id, b1, b2, b3, u1, u2, batch;
	long long gold, n;
	int rc, i;

	umask(022);
	snprintf(dir, sizeof dir, "/tmp/crm-unit-db-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("CRM_TODAY", "2025-03-14", 1);
	unsetenv("CRM_DB");
	unsetenv("CRM_CONFIG");
	unsetenv("CRM_BUSY_TIMEOUT");
	crm_config_load(&cfg, NULL);
	ok(cfg.path == NULL && cfg.database == NULL &&
		   strcmp(cfg.default_category, "regular") == 0 &&
		   cfg.minor_digits == 2,
	   "no config file: the defaults");

	/* ---- a missing database ---- */
	path = in_dir("missing.db");
	rc = run_child(open_read_missing, (void *)path, msg, sizeof msg);
	is_int(rc, 66, "opening a missing database to read exits 66");
	ok(strstr(msg, "no database at") && strstr(msg, path) &&
		   strstr(msg, "crm-init"),
	   "naming it and crm-init: %s", msg);
	ok(stat(path, &sb) < 0, "and does not create it");
	rc = run_child(open_write, (void *)path, msg, sizeof msg);
	is_int(rc, 66, "opening a missing database to write exits 66 too");
	ok(stat(path, &sb) < 0, "and does not create it either");
	path = in_dir("no/such/dir/crm.db");
	rc = run_child(open_create, (void *)path, msg, sizeof msg);
	is_int(rc, 73, "creating a database in a missing directory exits 73");

	/* ---- a new database ---- */
	path = in_dir("crm.db");
	db = crm_db_open(path, &cfg, CRM_DB_CREATE);
	ok(db != NULL, "crm_db_open(CRM_DB_CREATE) creates a database");
	seed(db, &cfg);
	is_str(crm_db_path(db), path, "at the explicit path");
	ok(stat(path, &sb) == 0 && S_ISREG(sb.st_mode), "the file exists");
	is_int(sb.st_mode & 07777, 0600, "with mode 0600");
	is_int(crm_db_schema_version(db), CRM_SCHEMA_VERSION,
	       "schema version is CRM_SCHEMA_VERSION");
	is_int(crm_db_category_count(db), 4, "four default categories");
	it = crm_db_categories(db, 0);
	for (i = 0; crm_db_categories_next(it, &c); i++)
		ok(i < 4 && strcmp(c.name, defaults[i]) == 0 && c.customers == 0,
		   "category %d is %s", i, i < 4 ? defaults[i] : "nothing");
	crm_db_iter_free(it);
	is_int(i, 4, "listed in order of name");
	ok(category(db, "employee", &c, desc, sizeof desc) &&
		   c.discount == 1000 && c.bonus == 0 && c.prepay == 0,
	   "employee: 10%% discount");
	ok(category(db, "vip", &c, desc, sizeof desc) && c.discount == 0 &&
		   c.bonus == 500 && c.prepay == 0,
	   "vip: 5%% bonus");
	ok(category(db, "problem", &c, desc, sizeof desc) && c.prepay == 1,
	   "problem: prepay");
	ok(category(db, "regular", &c, desc, sizeof desc) && c.discount == 0 &&
		   c.bonus == 0 && c.prepay == 0 &&
		   strcmp(desc, "Regular customers") == 0,
	   "regular: no terms");
	ok(crm_db_category_id(db, "regular") > 0, "category id of regular");
	is_int(crm_db_category_id(db, "gold"), 0, "no category gold");

	/* ---- adding customers ---- */
	ann = add(db,
		  fields("name=Ann Berg", "card=0001", "email=ann@example.com",
			 "phone=+46 70", "source=fair", NULL),
		  &e);
	is_int(ann, 1, "the first customer is 1");
	is_str(col_of(db, ann, CRM_COL_NAME), "Ann Berg", "name");
	is_str(col_of(db, ann, CRM_COL_CARD), "0001", "card keeps its zeros");
	is_str(col_of(db, ann, CRM_COL_EMAIL), "ann@example.com", "email");
	is_str(col_of(db, ann, CRM_COL_CATEGORY), "regular",
	       "the default category");
	is_str(col_of(db, ann, CRM_COL_STATUS), "active", "status active");
	is_str(col_of(db, ann, CRM_COL_CREATED), "2025-03-14",
	       "created is CRM_TODAY");
	is_str(col_of(db, ann, CRM_COL_REFERRED_BY), NULL, "no referrer");
	is_str(col_of(db, ann, CRM_COL_NOTE), NULL, "no note");

	bo = add(db,
		 fields("name=Bo Ek", "referred_by=1", "category=vip",
			"created=2024-02-29", "email=", "status=lost", NULL),
		 &e);
	is_int(bo, 2, "the second customer is 2");
	ok(crm_db_profile(db, bo, INT32_MAX, &prof) && prof.referrer_name &&
		   strcmp(prof.referrer_name, "Ann Berg") == 0 &&
		   prof.cat_bonus == 500,
	   "profile: referred by Ann, vip terms");
	is_str(col_of(db, bo, CRM_COL_CREATED), "2024-02-29", "created given");
	is_str(col_of(db, bo, CRM_COL_EMAIL), NULL, "an empty email is absent");
	is_str(col_of(db, bo, CRM_COL_STATUS), "lost", "status lost");
	is_str(col_of(db, bo, CRM_COL_REFERRED_BY), "1", "referred_by 1");

	add_fails(db, fields("card=0009", NULL), 65, "name is missing",
		  "without a name");
	add_fails(db, fields("name=", NULL), 65, "name is missing",
		  "with an empty name");
	add_fails(db, fields("name=X", "category=gold", NULL), 66, "'gold'",
		  "in an unknown category");
	add_fails(db, fields("name=X", "card=0001", NULL), 65,
		  "card '0001' already belongs to customer 1",
		  "with a duplicate card");
	add_fails(db, fields("name=X", "email=ANN@example.COM", NULL), 65,
		  "already belongs to customer 1",
		  "with a duplicate e-mail in other case");
	add_fails(db, fields("name=X", "referred_by=999", NULL), 66,
		  "referrer 999 does not exist", "with an unknown referrer");
	add_fails(db, fields("name=X", "referred_by=x", NULL), 65,
		  "referred_by 'x'", "with a bad referrer");
	add_fails(db, fields("name=X", "email=not-an-address", NULL), 65,
		  "not an address", "with a bad e-mail");
	add_fails(db, fields("name=X", "created=2025-02-30", NULL), 65,
		  "created '2025-02-30'", "with a bad date");
	add_fails(db, fields("name=X", "status=gone", NULL), 65,
		  "status 'gone'", "with a bad status");
	add_fails(db, fields("name=X", "id=0", NULL), 65, "id '0'",
		  "with id 0");
	add_fails(db, fields("name=X", "card=a\tb", NULL), 65,
		  "control character", "with a TAB in the card");
	/*
	 * BUG: SPEC.md: "a referral to oneself ... 65".  A new customer
	 * given its own id as referrer gets 66 "referrer 10 does not exist":
	 * check_fields() looks the referrer up before crm_customer_add()
	 * reaches its own "cannot refer to itself" test, so that test can
	 * never fire for a new id.
	 */
	add_fails(db, fields("name=X", "id=10", "referred_by=10", NULL), 65,
		  "itself", "referring to itself (BUG)");
	is_int(count_customers(db, NULL), 2, "failed adds wrote nothing");

	id = add(db, fields("name=Forty-two", "id=42", NULL), &e);
	is_int(id, 42, "an explicit id is kept");
	add_fails(db, fields("name=X", "id=42", NULL), 65,
		  "customer 42 already exists", "with a duplicate id");
	cy = add(db, fields("name=Cy", "referred_by=2", NULL), &e);
	is_int(cy, 43, "the next id follows the highest");

	/* ---- finding ---- */
	is_int(crm_db_customer_find(db, CRM_KEY_CARD, "0001"), ann,
	       "find by card");
	is_int(crm_db_customer_find(db, CRM_KEY_CARD, "1"), 0,
	       "card 1 is not card 0001");
	is_int(crm_db_customer_find(db, CRM_KEY_EMAIL, "Ann@Example.com"), ann,
	       "find by e-mail, any case");
	is_int(crm_db_customer_find(db, CRM_KEY_ID, "2"), bo, "find by id");
	is_int(crm_db_customer_find(db, CRM_KEY_ID, "999"), 0, "no id 999");
	is_int(crm_db_customer_find(db, CRM_KEY_ID, "x"), 0, "no id x");
	{
		struct crm_fields f = fields("card=0001", NULL);

		is_int(crm_customer_match(db, &f), ann, "match by card");
		f = fields("card=7777", "email=ann@example.com", NULL);
		is_int(crm_customer_match(db, &f), ann,
		       "match by e-mail when the card is unknown");
		f = fields("name=Nobody", NULL);
		is_int(crm_customer_match(db, &f), 0, "no match");
	}

	/* ---- updating ---- */
	batch = 0;
	is_int(update(db, ann, fields("phone=555", NULL), &batch, &e), 1,
	       "update the phone");
	is_str(col_of(db, ann, CRM_COL_PHONE), "555", "phone changed");
	is_str(col_of(db, ann, CRM_COL_EMAIL), "ann@example.com",
	       "e-mail kept (NULL keeps)");
	is_str(col_of(db, ann, CRM_COL_CARD), "0001", "card kept");
	is_int(update(db, ann, fields("phone=555", NULL), &batch, &e), 0,
	       "the same phone again changes nothing");
	is_int(update(db, ann, fields("phone", "email", NULL), &batch, &e), 0,
	       "NULL values change nothing");
	is_int(update(db, ann, fields("phone=", NULL), &batch, &e), 1,
	       "an empty phone clears it");
	is_str(col_of(db, ann, CRM_COL_PHONE), NULL, "phone cleared");
	is_int(update(db, ann, fields("phone=", NULL), &batch, &e), 0,
	       "clearing it again changes nothing");
	is_int(update(db, ann, fields("note=likes tea", "source=", NULL),
		      &batch, &e),
	       1, "set the note, clear the source");
	is_str(col_of(db, ann, CRM_COL_NOTE), "likes tea", "note set");
	is_str(col_of(db, ann, CRM_COL_SOURCE), NULL, "source cleared");
	is_str(col_of(db, ann, CRM_COL_NAME), "Ann Berg", "name kept");
	is_int(update(db, ann, fields("name=Ann B.", "created=2025-01-02",
				      NULL),
		      &batch, &e),
	       1, "rename and re-date");
	is_str(col_of(db, ann, CRM_COL_NAME), "Ann B.", "name changed");
	is_str(col_of(db, ann, CRM_COL_CREATED), "2025-01-02", "created changed");
	is_int(batch, 0, "no category change, no batch");
	update_fails(db, ann, fields("name=", NULL), 65, "name is missing",
		     "an empty name");
	update_fails(db, ann, fields("category=", NULL), 65, "cannot be cleared",
		     "an empty category");
	update_fails(db, ann, fields("status=", NULL), 65, "cannot be cleared",
		     "an empty status");
	update_fails(db, ann, fields("created=", NULL), 65, "cannot be cleared",
		     "an empty created");
	update_fails(db, ann, fields("category=gold", NULL), 66, "'gold'",
		     "to an unknown category");
	is_int(update(db, bo, fields("card=0002", NULL), &batch, &e), 1,
	       "Bo gets card 0002");
	update_fails(db, ann, fields("card=0002", NULL), 65,
		     "card '0002' already belongs to customer 2",
		     "to another's card");
	is_str(col_of(db, ann, CRM_COL_CARD), "0001",
	       "a refused update changes nothing");
	update_fails(db, ann, fields("referred_by=1", NULL), 65, "itself",
		     "referring to itself");
	update_fails(db, ann, fields("referred_by=2", NULL), 65, "cycle",
		     "making a cycle of two");
	update_fails(db, ann, fields("referred_by=43", NULL), 65, "cycle",
		     "making a cycle of three");
	update_fails(db, ann, fields("referred_by=999", NULL), 66,
		     "referrer 999", "to an unknown referrer");
	is_int(update(db, cy, fields("referred_by=", NULL), &batch, &e), 1,
	       "clear Cy's referrer");
	is_str(col_of(db, cy, CRM_COL_REFERRED_BY), NULL, "cleared");
	is_int(update(db, ann, fields("referred_by=43", NULL), &batch, &e), 1,
	       "now Ann may be referred by Cy");
	is_str(col_of(db, ann, CRM_COL_REFERRED_BY), "43", "referred_by 43");
	is_int(update(db, ann, fields("referred_by=43", NULL), &batch, &e), 0,
	       "the same referrer again changes nothing");
	update_fails(db, cy, fields("referred_by=2", NULL), 65, "cycle",
		     "Cy by Bo: 43 <- 1 <- 2 <- 43");
	is_int(update(db, ann, fields("category=vip", NULL), &batch, &e), 1,
	       "a category change");
	ok(batch > 0, "is recorded in a batch");
	is_str(col_of(db, ann, CRM_COL_CATEGORY), "vip", "Ann is vip");
	b1 = batch;
	batch = 0;
	is_int(update(db, ann, fields("category=vip", NULL), &batch, &e), 0,
	       "the same category again changes nothing");
	is_int(batch, 0, "and makes no batch");
	is_int(update(db, 999, fields("phone=1", NULL), &batch, &e), 0,
	       "updating a missing customer changes nothing");
	undo_fails(db, 999999, 66, "batch 999999 does not exist",
		   "a missing batch");
	u1 = crm_move_batch_undo(db, b1, &moved, &e);
	ok(u1 > b1, "undo the edit's batch");
	is_str(col_of(db, ann, CRM_COL_CATEGORY), "regular", "Ann is regular");

	/* ---- moving and undoing ---- */
	dag = add(db, fields("name=Dag", NULL), &e);
	eve = add(db, fields("name=Eve", NULL), &e);
	fay = add(db, fields("name=Fay", NULL), &e);
	ok(dag && eve && fay, "three more customers");
	gold = crm_db_category_id(db, "vip");
	batch = 0;
	is_int(crm_move_customer(db, dag, gold, &batch, "categorize",
				    "gold 2025"),
	       1, "move Dag to vip");
	ok(batch > u1, "in a new batch");
	b1 = batch;
	is_int(crm_move_customer(db, eve, gold, &batch, "categorize",
				    "gold 2025"),
	       1, "move Eve to vip");
	is_int(batch, b1, "in the same batch");
	is_int(crm_move_customer(db, dag, gold, &batch, "categorize",
				    "gold 2025"),
	       0, "Dag is already there");
	is_str(col_of(db, dag, CRM_COL_CATEGORY), "vip", "Dag is vip");
	it = crm_db_history(db, dag);
	ok(crm_db_history_next(it, &h) && h.batch == b1 && h.id == dag &&
		   h.old && strcmp(h.old, "regular") == 0 && h.new_ &&
		   strcmp(h.new_, "vip") == 0 && h.note &&
		   strcmp(h.note, "gold 2025") == 0 &&
		   h.day == crm_day_from_ymd(2025, 3, 14),
	   "Dag's history: regular -> vip, noted, today");
	ok(!crm_db_history_next(it, &h), "one change");
	crm_db_iter_free(it);
	it = crm_db_history(db, 0);
	ok(crm_db_history_next(it, &h) && h.batch == b1 && h.id == dag &&
		   crm_db_history_next(it, &h) && h.batch == b1 && h.id == eve &&
		   crm_db_history_next(it, &h) && h.batch == u1 &&
		   h.id == ann && h.note && strstr(h.note, "undo batch"),
	   "the whole history, newest batch first, then by id");
	crm_db_iter_free(it);

	u1 = crm_move_batch_undo(db, b1, &moved, &e);
	ok(u1 > b1, "undo the batch");
	ok(strcmp(col_of(db, dag, CRM_COL_CATEGORY), "regular") == 0 &&
		   strcmp(col_of(db, eve, CRM_COL_CATEGORY), "regular") == 0,
	   "Dag and Eve are back in regular");
	it = crm_db_history(db, eve);
	ok(crm_db_history_next(it, &h) && h.batch == u1 && h.old &&
		   strcmp(h.old, "vip") == 0 && h.new_ &&
		   strcmp(h.new_, "regular") == 0 && h.note &&
		   strstr(h.note, "undo batch"),
	   "the undo is history too");
	crm_db_iter_free(it);
	snprintf(desc, sizeof desc, "already undone by batch %lld", u1);
	undo_fails(db, b1, 65, desc, "twice");
	u2 = crm_move_batch_undo(db, u1, &moved, &e);
	ok(u2 > u1, "undo the undo");
	ok(strcmp(col_of(db, dag, CRM_COL_CATEGORY), "vip") == 0 &&
		   strcmp(col_of(db, eve, CRM_COL_CATEGORY), "vip") == 0,
	   "Dag and Eve are vip again");
	id = crm_db_batch_new(db, "empty", NULL);
	ok(id > u2 && crm_move_batch_undo(db, id, &moved, &e) > id,
	   "an empty batch can be undone");

	batch = 0;
	crm_move_customer(db, fay, gold, &batch, "categorize", NULL);
	b2 = batch;
	batch = 0;
	crm_move_customer(db, fay, crm_db_category_id(db, "problem"), &batch,
			     "categorize", NULL);
	b3 = batch;
	ok(b2 && b3 > b2, "Fay: regular -> vip -> problem in two batches");
	undo_fails(db, b2, 65, "has changed category since",
		   "an earlier batch");
	ok(crm_move_batch_undo(db, b3, &moved, &e) > b3, "undo the later batch");
	is_str(col_of(db, fay, CRM_COL_CATEGORY), "vip", "Fay is vip again");
	/*
	 * BUG: the refusal above says "undo the later batches first", but
	 * after doing so the earlier batch still cannot be undone: the check
	 * in crm_move_batch_undo() counts any category_change of the customer
	 * in a later batch, and the undo itself is such a change.  Fay sits
	 * where batch b2 put her (vip), so undoing b2 should succeed.
	 */
	memset(&e, 0, sizeof e);
	id = crm_move_batch_undo(db, b2, &moved, &e);
	ok(id > 0, "BUG: then the earlier batch can be undone");
	if (!id)
		diag("status %d: %s", e.status, e.msg);
	is_str(col_of(db, fay, CRM_COL_CATEGORY), "regular",
	       "BUG: and Fay is regular");

	/* ---- transactions ---- */
	crm_db_begin(db);
	id = add(db, fields("name=Rolled back", "card=R1", NULL), &e);
	ok(id > 0, "add inside a transaction");
	crm_db_rollback(db);
	is_int(crm_db_customer_find(db, CRM_KEY_CARD, "R1"), 0,
	       "gone after rollback");
	crm_db_begin(db);
	id = add(db, fields("name=Committed", "card=C1", NULL), &e);
	crm_db_commit(db);
	is_int(crm_db_customer_find(db, CRM_KEY_CARD, "C1"), id,
	       "kept after commit");

	/* ---- categories ---- */
	{
		struct crm_catdef d = {"gold", "Gold", 250, 1000, 0};

		is_int(crm_category_define(db, &d, 0, &e), 0, "define gold");
		gold = crm_db_category_id(db, "gold");
		ok(gold > 0, "gold exists");
		ok(category(db, "gold", &c, desc, sizeof desc) &&
			   c.discount == 250 && c.bonus == 1000 &&
			   c.prepay == 0 && strcmp(desc, "Gold") == 0,
		   "with its terms");
		d.discount = 999;
		is_int(crm_category_define(db, &d, 1, &e), 0,
		       "only_create on an existing category");
		ok(category(db, "gold", &c, desc, sizeof desc) &&
			   c.discount == 250,
		   "changes nothing");
		d.description = NULL;
		d.discount = -1;
		d.bonus = 750;
		d.prepay = -1;
		is_int(crm_category_define(db, &d, 0, &e), 0,
		       "redefine gold's bonus only");
		ok(category(db, "gold", &c, desc, sizeof desc) &&
			   c.discount == 250 && c.bonus == 750 &&
			   c.prepay == 0 && strcmp(desc, "Gold") == 0,
		   "-1 and NULL keep the other terms");
		is_int(crm_db_category_id(db, "gold"), gold, "the same id");
		d.name = "plain";
		d.bonus = -1;
		is_int(crm_category_define(db, &d, 0, &e), 0,
		       "define a category with no terms");
		ok(category(db, "plain", &c, desc, sizeof desc) &&
			   c.discount == 0 && c.bonus == 0 && c.prepay == 0 &&
			   strcmp(desc, "(null)") == 0,
		   "its terms are zero, no description");
		d.name = "";
		memset(&e, 0, sizeof e);
		ok(crm_category_define(db, &d, 0, &e) == -1 &&
			   e.status == 65,
		   "a category needs a name");
		d.name = "a\tb";
		memset(&e, 0, sizeof e);
		ok(crm_category_define(db, &d, 0, &e) == -1 &&
			   e.status == 65 && strstr(e.msg, "control character"),
		   "and one without control characters");
		is_int(crm_db_category_count(db), 6, "six categories");
	}
	id = add(db, fields("name=Golden", "category=gold", NULL), &e);
	ok(id > 0, "a customer in gold");
	is_int(crm_category_rename(db, "gold", "platinum", &e), 0,
	       "rename gold to platinum");
	is_int(crm_db_category_id(db, "gold"), 0, "no gold now");
	is_int(crm_db_category_id(db, "platinum"), gold, "platinum keeps its id");
	is_str(col_of(db, id, CRM_COL_CATEGORY), "platinum",
	       "the customer follows");
	memset(&e, 0, sizeof e);
	ok(crm_category_rename(db, "gold", "x", &e) == -1 && e.status == 66 &&
		   strstr(e.msg, "'gold'"),
	   "renaming a missing category: 66");
	memset(&e, 0, sizeof e);
	ok(crm_category_rename(db, "platinum", "vip", &e) == -1 &&
		   e.status == 65 && strstr(e.msg, "already exists"),
	   "renaming onto an existing one: 65");
	memset(&e, 0, sizeof e);
	ok(crm_category_rename(db, "platinum", "", &e) == -1 &&
		   e.status == 65,
	   "renaming to '': 65");

	memset(&e, 0, sizeof e);
	ok(crm_category_delete(db, "platinum", NULL, &e) == -1 &&
		   e.status == 65 && strstr(e.msg, "has 1 customer;"),
	   "deleting a category in use: 65 (%s)", e.msg);
	memset(&e, 0, sizeof e);
	ok(crm_category_delete(db, "platinum", "platinum", &e) == -1 &&
		   e.status == 64,
	   "reassigning to itself: 64");
	memset(&e, 0, sizeof e);
	ok(crm_category_delete(db, "platinum", "nope", &e) == -1 &&
		   e.status == 66 && strstr(e.msg, "'nope'"),
	   "reassigning to a missing category: 66");
	memset(&e, 0, sizeof e);
	ok(crm_category_delete(db, "nope", NULL, &e) == -1 && e.status == 66,
	   "deleting a missing category: 66");
	is_int(crm_db_category_id(db, "platinum"), gold, "platinum is still there");
	is_int(crm_category_delete(db, "platinum", "regular", &e), 0,
	       "delete platinum, reassigning to regular");
	is_int(crm_db_category_id(db, "platinum"), 0, "platinum is gone");
	is_str(col_of(db, id, CRM_COL_CATEGORY), "regular",
	       "its customer is regular");
	it = crm_db_history(db, id);
	ok(crm_db_history_next(it, &h) && h.old &&
		   strcmp(h.old, "platinum") == 0 && h.new_ &&
		   strcmp(h.new_, "regular") == 0 && h.note &&
		   strcmp(h.note, "delete platinum") == 0,
	   "the move is in the history");
	b1 = h.batch;
	crm_db_iter_free(it);
	undo_fails(db, b1, 65, "deleted", "a move out of a deleted category");
	is_int(crm_category_delete(db, "plain", NULL, &e), 0,
	       "delete an empty category");
	is_int(crm_db_category_count(db), 4, "four categories again");
	{
		int live = 0, dead = 0, order = 1, seen_dead = 0;

		it = crm_db_categories(db, 1);
		while (crm_db_categories_next(it, &c)) {
			if (c.deleted) {
				seen_dead = 1;
				dead += !strcmp(c.name, "platinum") ||
					!strcmp(c.name, "plain");
			} else {
				live++;
				order &= !seen_dead;
			}
		}
		crm_db_iter_free(it);
		ok(live == 4 && dead == 2 && order,
		   "with_deleted lists the deleted ones too, after the live");
	}
	{
		struct crm_catdef d = {"platinum", NULL, -1, -1, -1};

		is_int(crm_category_define(db, &d, 1, &e), 0,
		       "define platinum anew");
		ok(crm_db_category_id(db, "platinum") > gold,
		   "a new category, not the deleted one");
		memset(&filter, 0, sizeof filter);
		filter.category = "platinum";
		is_int(count_customers(db, &filter), 0, "with no customers");
	}

	/* ---- listing ---- */
	memset(&filter, 0, sizeof filter);
	n = count_customers(db, NULL);
	is_int(n, 9, "nine customers");
	filter.category = "vip";
	filter.name_pattern = "D*";
	is_int(count_customers(db, &filter), 1, "one vip named D* (Dag)");
	memset(&filter, 0, sizeof filter);
	filter.status = "lost";
	is_int(count_customers(db, &filter), 1, "one lost (Bo)");
	memset(&filter, 0, sizeof filter);
	filter.name_pattern = "Ann*";
	is_int(count_customers(db, &filter), 1, "one name like Ann*");
	memset(&filter, 0, sizeof filter);
	filter.only_selection = 1;
	is_int(count_customers(db, &filter), 0, "none marked");
	crm_db_selection_add(db, ann);
	crm_db_selection_add(db, cy);
	crm_db_selection_add(db, ann);
	is_int(count_customers(db, &filter), 2, "two marked");

	/* ---- backup, reopen ---- */
	is_int(crm_db_backup(db, in_dir("copy.db"), &e), 0, "back up");
	memset(&e, 0, sizeof e);
	ok(crm_db_backup(db, in_dir("no/dir/copy.db"), &e) == -1 &&
		   e.status == 73,
	   "backing up into a missing directory: 73");
	db2 = crm_db_open(in_dir("copy.db"), &cfg, CRM_DB_READ);
	is_int(count_customers(db2, NULL), n, "the copy has every customer");
	is_int(crm_db_category_count(db2), 5, "and every category");
	crm_db_close(db2);
	crm_db_close(db);
	db = crm_db_open(path, &cfg, CRM_DB_READ);
	is_int(crm_db_schema_version(db), CRM_SCHEMA_VERSION,
	       "reopened to read: same schema");
	is_int(count_customers(db, NULL), n, "same customers");
	is_str(col_of(db, ann, CRM_COL_NOTE), "likes tea", "same data");
	crm_db_close(db);
	db = crm_db_open(path, &cfg, CRM_DB_WRITE);
	is_int(crm_db_category_count(db), 5,
	       "reopened to write: no default categories added again");

	/* ---- the config's sources: list (customer.c) ---- */
	{
		static char fair[] = "Fair", friend[] = "Friend";
		char *words[] = {fair, friend};
		long long lis;

		cfg.sources.v = words;
		cfg.sources.n = 2;
		cfg.sources.set = 1;
		is_str(crm_wordlist_find(&cfg.sources, "fRIEND"), "Friend",
		       "a listed word matches in any case");
		ok(crm_wordlist_find(&cfg.sources, "Friends") == NULL,
		   "the whole word, not a prefix");
		lis = add(db, fields("name=Lis", "source=FRIEND", NULL), &e);
		ok(lis > 0 && e.msg[0] == '\0',
		   "a listed source is taken without a warning");
		is_str(col_of(db, lis, CRM_COL_SOURCE), "Friend",
		       "and stored in the listed spelling");
		add_fails(db, fields("name=Max", "source=tv", NULL), 65,
			  "source 'tv' is not on the config's list "
			  "(sources: Fair, Friend)",
			  "with an unlisted source");
		update_fails(db, lis, fields("source=tv", NULL), 65,
			     "source 'tv' is not on", "to an unlisted source");
		batch = 0;
		is_int(update(db, lis, fields("source=", NULL), &batch, &e), 1,
		       "an empty source clears it");
		cfg.unlisted_warn = 1;
		rc = update(db, lis, fields("source=tv", NULL), &batch, &e);
		ok(rc == 1 && e.status == 0 &&
			   strstr(e.msg, "source 'tv' is not on the config's "
				  "list (sources: Fair, Friend); kept as given"),
		   "unlisted: warn changes it and says so");
		is_str(col_of(db, lis, CRM_COL_SOURCE), "tv", "as given");
		cfg.unlisted_warn = 0;
		memset(&cfg.sources, 0, sizeof cfg.sources);
	}
	crm_db_close(db);

	/* ---- $CRM_DB, categories from the config ---- */
	setenv("CRM_DB", in_dir("env.db"), 1);
	{
		struct crm_catdef only = {"gold", NULL, -1, 500, -1};

		cfg.categories.v = &only;
		cfg.categories.n = 1;
		db = crm_db_open(NULL, &cfg, CRM_DB_CREATE);
		seed(db, &cfg);
		cfg.categories.v = NULL;
		cfg.categories.n = 0;
	}
	is_str(crm_db_path(db), in_dir("env.db"), "$CRM_DB names the database");
	is_int(crm_db_category_count(db), 1,
	       "the config's categories replace the defaults");
	add_fails(db, fields("name=X", NULL), 66,
		  "default category 'regular' does not exist",
		  "when the default category is missing");
	crm_db_close(db);
	unsetenv("CRM_DB");

	crm_config_release(&cfg);
	remove_dir();
	return done_testing();
}
