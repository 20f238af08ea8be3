/* crm-categorize - categories: move customers in bulk, define, list, undo */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum mode { MOVE, LIST, DEFINE, RENAME, DELETE, LOAD, HISTORY, UNDO };

enum {
	OPT_LIST = CRM_OPT_FIRST_LOCAL,
	OPT_DEFINE,
	OPT_RENAME,
	OPT_DELETE,
	OPT_LOAD,
	OPT_HISTORY,
	OPT_UNDO,
	OPT_NOTE,
	OPT_DESCRIPTION,
	OPT_DISCOUNT,
	OPT_BONUS,
	OPT_PREPAY,
	OPT_NO_PREPAY,
	OPT_REASSIGN,
	OPT_FROM,
	OPT_DATE
};

static const struct crm_optdef opts[] = {
	{"list", 0, OPT_LIST, NULL, "list the categories"},
	{"define", 1, OPT_DEFINE, "NAME", "create or change a category"},
	{"rename", 1, OPT_RENAME, "OLD", "rename a category (NEW follows)"},
	{"delete", 1, OPT_DELETE, "NAME", "delete a category"},
	{"load", 1, OPT_LOAD, "FILE", "define the categories of a YAML file"},
	{"history", 0, OPT_HISTORY, NULL, "list the category changes"},
	{"undo", 1, OPT_UNDO, "BATCH", "revert a batch of changes"},
	{"note", 1, OPT_NOTE, "TEXT", "note recorded with the move"},
	{"description", 1, OPT_DESCRIPTION, "TEXT",
	 "description of the category"},
	{"discount", 1, OPT_DISCOUNT, "PCT", "discount percent (0-100)"},
	{"bonus", 1, OPT_BONUS, "PCT", "bonus percent (0-100)"},
	{"prepay", 0, OPT_PREPAY, NULL, "its customers pay in advance"},
	{"no-prepay", 0, OPT_NO_PREPAY, NULL,
	 "its customers need not pay in advance"},
	{"reassign", 1, OPT_REASSIGN, "OTHER",
	 "move the deleted category's customers to OTHER"},
	{"from", 1, OPT_FROM, "CAT[,CAT...]",
	 "move only customers now in these categories"},
	{"date", 1, OPT_DATE, "DATE", "record the move as of a past date"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_WRITE,
	CRM_OPTDEFS_KEY,
	CRM_OPTDEF_NO_HEADER,
	CRM_OPTDEF_FORMAT,
	{0}};
static const char *const synopsis[] = {
	"crm-categorize CATEGORY [--from CAT[,CAT...]] [--date DATE] "
	"[--note TEXT] [--key id|card|email] [-n|--dry-run] [-q|--quiet] "
	"[ID...]",
	"crm-categorize --list [-H|--no-header] [--format tsv|csv|json]",
	"crm-categorize --define NAME [--description TEXT] [--discount PCT] "
	"[--bonus PCT] [--prepay|--no-prepay]",
	"crm-categorize --rename OLD NEW",
	"crm-categorize --delete NAME [--reassign OTHER]",
	"crm-categorize --load FILE.yaml",
	"crm-categorize --history [ID] [-H] [--format tsv|csv|json]",
	"crm-categorize --undo BATCH",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct cat {
	struct crm_ctx ctx;
	enum mode mode;
	const char *arg;      /* the mode's argument */
	const char *note;
	const char *reassign;
	struct crm_catdef def;
	long long target, batch, changed;
	struct crm_out out; /* the dry run's listing */
	const char *from;    /* --from as given */
	long long *from_ids; /* ... its categories */
	int nfrom;
	long long skipped;
	crm_day date;        /* --date, 0: today */
};

/* --from CAT[,CAT...]: each must be a live category (66 otherwise) */
static void
parse_from(struct cat *c)
{
	char *list = crm_xstrdup(c->from), *save = NULL, *name;

	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		long long id = crm_db_category_id(c->ctx.db, name);

		if (!id)
			crm_die(CRM_EX_NOINPUT, "--from: category '%s' does "
				"not exist", name);
		c->from_ids = crm_xrealloc(c->from_ids, (size_t)(c->nfrom + 1) *
						       sizeof *c->from_ids);
		c->from_ids[c->nfrom++] = id;
	}
	free(list);
	if (!c->nfrom)
		crm_die(CRM_EX_USAGE, "--from: give one or more categories");
}

/* with --from: whether a customer now in category cat may be moved */
static int
from_allows(const struct cat *c, long long cat)
{
	if (!c->from || cat == c->target)
		return 1;
	for (int i = 0; i < c->nfrom; i++)
		if (c->from_ids[i] == cat)
			return 1;
	return 0;
}

static void
set_mode(struct cat *c, enum mode m, const char *arg)
{
	if (c->mode != MOVE)
		crm_die(CRM_EX_USAGE, "give one of --list, --define, --rename, "
			"--delete, --load, --history, --undo");
	c->mode = m;
	c->arg = arg;
}

static void
move_one(long long id, void *arg)
{
	static const char *const cols[] = {"id", "name", "old", "new"};
	struct cat *c = arg;
	struct crm_profile p;
	struct crm_err e;
	long long now = crm_db_customer_category(c->ctx.db, id);
	int moved;

	if (!from_allows(c, now)) {
		c->skipped++;
		/* the dry run names them, on stderr beside the listing */
		if (c->ctx.o.dry_run && !c->ctx.o.quiet &&
		    crm_db_profile(c->ctx.db, id, INT32_MAX, &p))
			crm_warn("skipped: %lld %s: in %s, not in %s", id,
				 p.f.v[CRM_COL_NAME],
				 p.f.v[CRM_COL_CATEGORY] ? p.f.v[CRM_COL_CATEGORY]
							 : "no category",
				 c->from);
		return;
	}
	/* refused before the dry run lists the customer */
	if (crm_move_dated_check(c->ctx.db, id, c->target, c->date, &e) < 0)
		crm_die(e.status, "%s", e.msg);
	if (c->ctx.o.dry_run) {
		if (!crm_db_profile(c->ctx.db, id, INT32_MAX, &p))
			return;
		if (crm_db_category_id(c->ctx.db, p.f.v[CRM_COL_CATEGORY]) ==
		    c->target)
			return;
		if (!c->changed)
			crm_out_begin(&c->out, stdout, c->ctx.o.format,
				      c->ctx.o.header, cols, 4);
		crm_out_int(&c->out, id);
		crm_out_str(&c->out, p.f.v[CRM_COL_NAME]);
		crm_out_str(&c->out, p.f.v[CRM_COL_CATEGORY]);
		crm_out_str(&c->out, c->arg);
		crm_out_end_row(&c->out);
	}
	moved = crm_move_customer_on(c->ctx.db, id, c->target, c->date,
				     &c->batch, "categorize", c->note, &e);
	if (moved < 0)
		crm_die(e.status, "%s", e.msg);
	c->changed += moved;
}

static void
do_move(struct cat *c, int argc, char **argv)
{
	long long n;

	c->target = crm_db_category_id(c->ctx.db, c->arg);
	if (!c->target)
		crm_die(CRM_EX_NOINPUT, "category '%s' does not exist", c->arg);
	if (c->from)
		parse_from(c);
	n = crm_each_id(c->ctx.db, c->ctx.o.key, argc, argv, move_one, c);
	if (n < 0)
		crm_die(CRM_EX_USAGE, "no customers: give ids or pipe them in");
	if (c->ctx.o.quiet)
		;
	else if (c->ctx.o.dry_run && c->skipped)
		crm_warn("dry run: %lld would change, %lld skipped: not in %s",
			 c->changed, c->skipped, c->from);
	else if (c->ctx.o.dry_run)
		crm_warn("dry run: %lld would change", c->changed);
	else if (c->skipped)
		printf("%lld changed, %lld skipped: not in %s\n", c->changed,
		       c->skipped, c->from);
	else
		printf("%lld changed\n", c->changed);
	free(c->from_ids);
}

static void
do_list(struct cat *c)
{
	static const char *const cols[] = {"category", "description", "discount",
					   "bonus",    "prepay",      "customers"};
	struct crm_db_iter *it = crm_db_categories(c->ctx.db, 0);
	struct crm_category k;
	struct crm_out out;
	char buf[CRM_MONEY_BUFSZ];

	crm_out_begin(&out, stdout, c->ctx.o.format, c->ctx.o.header, cols, 6);
	while (crm_db_categories_next(it, &k)) {
		crm_out_str(&out, k.name);
		crm_out_str(&out, k.description);
		crm_out_num(&out, crm_percent_format(k.discount, buf));
		crm_out_num(&out, crm_percent_format(k.bonus, buf));
		crm_out_str(&out, k.prepay ? "yes" : "no");
		crm_out_int(&out, k.customers);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

static void
do_history(struct cat *c, long long id)
{
	static const char *const cols[] = {"batch", "date", "id",
					   "old",   "new",  "note"};
	struct crm_db_iter *it = crm_db_history(c->ctx.db, id);
	struct crm_history h;
	struct crm_out out;
	char date[CRM_DATE_BUFSZ];

	crm_out_begin(&out, stdout, c->ctx.o.format, c->ctx.o.header, cols, 6);
	while (crm_db_history_next(it, &h)) {
		crm_out_int(&out, h.batch);
		crm_out_str(&out, crm_date_format(h.day, date));
		crm_out_int(&out, h.id);
		crm_out_str(&out, h.old);
		crm_out_str(&out, h.new_);
		crm_out_str(&out, h.note);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

static void
do_load(struct cat *c)
{
	struct crm_catdefs defs;
	struct crm_err e;

	if (crm_catdefs_load(&defs, c->arg, &e) < 0) {
		crm_catdefs_release(&defs);
		/* a file given to load is input data, not configuration;
		 * a missing one is a missing input (66) */
		crm_die(e.status == CRM_EX_CONFIG ? CRM_EX_DATAERR : e.status,
			"%s", e.msg);
	}
	for (size_t i = 0; i < defs.n; i++) {
		/* YAML is UTF-8, but its escapes can still say \e */
		if (crm_text_check(defs.v[i].name, &e) < 0 ||
		    (defs.v[i].description &&
		     crm_text_check(defs.v[i].description, &e) < 0))
			crm_die(e.status, "%s: category %zu: %s", c->arg,
				i + 1, e.msg);
		if (crm_category_define(c->ctx.db, &defs.v[i], 0, &e) < 0)
			crm_die(e.status, "%s: %s", c->arg, e.msg);
	}
	if (!c->ctx.o.quiet)
		printf("%zu defined\n", defs.n);
	crm_catdefs_release(&defs);
}

static int
percent_opt(const char *opt, const char *arg)
{
	const char *why;
	int v;

	if (crm_percent_parse(arg, &v, &why) < 0)
		crm_die(CRM_EX_USAGE, "%s: '%s' %s", opt, arg,
			strcmp(why, "must be a percentage from 0 to 100") == 0
				? why
				: "is not a percentage from 0 to 100 with at "
				  "most two decimals");
	return v;
}

static void
run(struct cat *c, int argc, char **argv)
{
	struct crm_err e;
	long long id = 0, undo, moved;

	switch (c->mode) {
	case MOVE:
		do_move(c, argc, argv);
		return;
	case LIST:
		do_list(c);
		return;
	case HISTORY:
		if (argc == 1 && !(id = crm_db_customer_find(c->ctx.db,
							     c->ctx.o.key,
							     argv[0])))
			crm_die(CRM_EX_NOINPUT, "no customer '%s'", argv[0]);
		do_history(c, id);
		return;
	case DEFINE:
		c->def.name = (char *)c->arg;
		if (crm_category_define(c->ctx.db, &c->def, 0, &e) < 0)
			crm_die(e.status, "%s", e.msg);
		return;
	case RENAME:
		crm_opt_text("--rename", argv[0]);
		if (crm_category_rename(c->ctx.db, c->arg, argv[0], &e) < 0)
			crm_die(e.status, "%s", e.msg);
		return;
	case DELETE:
		if (crm_category_delete(c->ctx.db, c->arg, c->reassign, &e) < 0)
			crm_die(e.status, "%s", e.msg);
		return;
	case LOAD:
		do_load(c);
		return;
	case UNDO:
		undo = crm_move_batch_undo(c->ctx.db,
					   crm_opt_int("--undo", c->arg, 1,
						       INT64_MAX),
					   &moved, &e);
		if (!undo)
			crm_die(e.status, "%s", e.msg);
		/* as a dry-run move says it: nothing is written */
		if (c->ctx.o.quiet)
			;
		else if (c->ctx.o.dry_run)
			crm_warn("dry run: %lld would change", moved);
		else
			printf("%lld changed\n", moved);
		return;
	}
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct cat c;
	int opt, writes;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&c, 0, sizeof c);
	crm_opts_init(&c.ctx.o);
	c.def.discount = c.def.bonus = c.def.prepay = -1;
	while ((opt = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (opt) {
		case OPT_LIST:
			set_mode(&c, LIST, NULL);
			break;
		case OPT_DEFINE:
			if (!*optarg)
				crm_die(CRM_EX_USAGE, "--define: a category needs "
					"a name");
			set_mode(&c, DEFINE, crm_opt_text("--define", optarg));
			break;
		case OPT_RENAME:
			set_mode(&c, RENAME, optarg);
			break;
		case OPT_DELETE:
			set_mode(&c, DELETE, optarg);
			break;
		case OPT_LOAD:
			set_mode(&c, LOAD, optarg);
			break;
		case OPT_HISTORY:
			set_mode(&c, HISTORY, NULL);
			break;
		case OPT_UNDO:
			set_mode(&c, UNDO, optarg);
			break;
		case OPT_NOTE:
			c.note = crm_opt_text("--note", optarg);
			break;
		case OPT_DESCRIPTION:
			crm_opt_text("--description", optarg);
			c.def.description = optarg;
			break;
		case OPT_DISCOUNT:
			c.def.discount = percent_opt("--discount", optarg);
			break;
		case OPT_BONUS:
			c.def.bonus = percent_opt("--bonus", optarg);
			break;
		case OPT_PREPAY:
			c.def.prepay = 1;
			break;
		case OPT_NO_PREPAY:
			c.def.prepay = 0;
			break;
		case OPT_REASSIGN:
			c.reassign = optarg;
			break;
		case OPT_FROM:
			c.from = optarg;
			break;
		case OPT_DATE:
			c.date = crm_opt_date("--date", optarg);
			if (c.date > crm_today())
				crm_die(CRM_EX_USAGE, "--date: %s is in the "
					"future", optarg);
			break;
		default:
			if (!crm_opts_handle(&c.ctx.o, opt, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	/* the operands each mode takes, checked before the database is
	 * opened: run() counts on them */
	if (c.mode == MOVE) {
		if (argc < 1) {
			crm_warn("missing CATEGORY to move customers to "
				 "(or --list, --define, ...)");
			usage(CRM_EX_USAGE);
		}
		c.arg = argv[0];
		argc--;
		argv++;
	} else {
		/* --rename OLD NEW and --history [ID]: one; the others none */
		int most = c.mode == RENAME || c.mode == HISTORY;

		if (c.mode == RENAME && argc == 0) {
			crm_warn("missing NEW name after --rename %s", c.arg);
			usage(CRM_EX_USAGE);
		}
		if (argc > most) {
			crm_warn("unexpected argument '%s'", argv[most]);
			usage(CRM_EX_USAGE);
		}
	}
	if (c.mode != DEFINE && (c.def.description || c.def.discount >= 0 ||
				 c.def.bonus >= 0 || c.def.prepay >= 0))
		crm_die(CRM_EX_USAGE, "--description, --discount, --bonus and "
			"--prepay go with --define");
	if ((c.from || c.date) && c.mode != MOVE)
		crm_die(CRM_EX_USAGE, "--from and --date go with a move");
	if (c.reassign && c.mode != DELETE)
		crm_die(CRM_EX_USAGE, "--reassign goes with --delete");
	writes = c.mode != LIST && c.mode != HISTORY;
	crm_ctx_open(&c.ctx, writes ? CRM_DB_WRITE : CRM_DB_READ);
	if (writes)
		crm_db_begin(c.ctx.db);
	run(&c, argc, argv);
	if (writes)
		crm_ctx_commit(&c.ctx);
	crm_ctx_close(&c.ctx);
	crm_close_stdout();
	return 0;
}
