/* crm-thank - log how customers were thanked, and list the log */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum {
	OPT_HOW = CRM_OPT_FIRST_LOCAL,
	OPT_VALUE,
	OPT_NOTE,
	OPT_DATE,
	OPT_LIST
};

static const struct crm_optdef opts[] = {
	{"how", 1, OPT_HOW, "HOW", "how the customers were thanked"},
	{"value", 1, OPT_VALUE, "AMOUNT", "the value of the thanks"},
	{"note", 1, OPT_NOTE, "TEXT", "note kept with each row"},
	{"date", 1, OPT_DATE, "DATE", "date of the thanks (YYYY-MM-DD)"},
	{"list", 0, OPT_LIST, NULL, "list the thanks log"},
	CRM_OPTDEF_FROM,
	CRM_OPTDEF_TO,
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	CRM_OPTDEFS_WRITE,
	CRM_OPTDEFS_KEY,
	{0}};
static const char *const synopsis[] = {
	"crm-thank --how HOW [--value AMOUNT] [--note TEXT] [--date DATE] "
	"[--key id|card|email] [-n|--dry-run] [-q|--quiet] [ID...]",
	"crm-thank --list [--from DATE] [--to DATE] [--as-of DATE] "
	"[-H|--no-header] [--format tsv|csv|json] [-]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

static const char *const list_cols[] = {"id",  "name",  "date",
					"how", "value", "note"};

struct thank {
	struct crm_ctx ctx;
	struct crm_thank t;
	long long thanked;
	struct crm_out out; /* the dry run's listing */
};

static void
put_row(struct crm_out *o, long long id, const char *name,
	const struct crm_thank *t, const char *how, const char *note,
	int digits)
{
	char date[CRM_DATE_BUFSZ];

	crm_out_int(o, id);
	crm_out_str(o, name);
	crm_out_str(o, crm_date_format(t->day, date));
	crm_out_str(o, how);
	if (t->has_value)
		crm_out_money(o, t->value, digits);
	else
		crm_out_null(o);
	crm_out_str(o, note);
	crm_out_end_row(o);
}

static void
thank_one(long long id, void *arg)
{
	struct thank *k = arg;
	struct crm_cust_row c;

	k->t.customer = id;
	if (k->ctx.o.dry_run && crm_db_customer_row(k->ctx.db, id, INT32_MAX, &c)) {
		if (!k->thanked)
			crm_out_begin(&k->out, stdout, k->ctx.o.format,
				      k->ctx.o.header, list_cols, 6);
		put_row(&k->out, id, c.name, &k->t, k->t.how, k->t.note,
			k->ctx.cfg.minor_digits);
	}
	crm_db_thank_add(k->ctx.db, &k->t);
	k->thanked++;
}

static void
mark(long long id, void *arg)
{
	crm_db_selection_add(arg, id);
}

static void
list(struct thank *k, const struct crm_window *w, int only_selection)
{
	struct crm_db_iter *it;
	struct crm_thank_row r;
	struct crm_out out;
	crm_day as_of = crm_ctx_as_of(&k->ctx);
	crm_day from = w->has_from ? w->from : crm_day_from_ymd(1, 1, 1);
	crm_day to = w->has_to && w->to < as_of ? w->to : as_of;

	if (w->has_from && w->has_to && w->from > w->to)
		crm_die(CRM_EX_USAGE, "--from is after --to");
	if (only_selection) {
		char *none[] = {NULL};

		if (crm_each_id(k->ctx.db, k->ctx.o.key, 0, none, mark,
				k->ctx.db) < 0)
			crm_die(CRM_EX_USAGE, "'-' reads ids from standard "
				"input, which is a terminal");
	}
	crm_out_begin(&out, stdout, k->ctx.o.format, k->ctx.o.header,
		      list_cols, 6);
	it = crm_db_thanks(k->ctx.db, from, to, only_selection);
	while (crm_db_thanks_next(it, &r)) {
		struct crm_thank t = {0};

		t.day = r.day;
		t.value = r.value;
		t.has_value = r.has_value;
		put_row(&out, r.customer, r.name, &t, r.how, r.note,
			k->ctx.cfg.minor_digits);
	}
	crm_db_iter_free(it);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct thank k;
	struct crm_window w = {0};
	const char *value = NULL, *date = NULL, *why;
	int c, listing = 0;
	long long n;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&k, 0, sizeof k);
	crm_opts_init(&k.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_HOW:
			k.t.how = crm_opt_text("--how", optarg);
			break;
		case OPT_VALUE:
			value = optarg;
			break;
		case OPT_NOTE:
			k.t.note = *optarg ? crm_opt_text("--note", optarg)
					   : NULL;
			break;
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_LIST:
			listing = 1;
			break;
		case CRM_OPT_FROM:
		case CRM_OPT_TO:
			crm_window_option(&w, c, optarg);
			break;
		default:
			if (!crm_opts_handle(&k.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (listing) {
		if (k.t.how || value || k.t.note || date)
			crm_die(CRM_EX_USAGE, "--how, --value, --note and --date "
				"do not go with --list");
		if (argc > 1 || (argc == 1 && strcmp(argv[0], "-")))
			crm_die(CRM_EX_USAGE, "--list takes no operand but '-' "
				"(the customers read from standard input)");
		crm_ctx_open(&k.ctx, CRM_DB_READ);
		list(&k, &w, argc == 1);
		crm_ctx_close(&k.ctx);
		crm_close_stdout();
		return 0;
	}
	if (w.has_from || w.has_to || k.ctx.o.has_as_of)
		crm_die(CRM_EX_USAGE, "--from, --to and --as-of go with --list");
	if (!k.t.how || !*k.t.how)
		crm_die(CRM_EX_USAGE, "--how is required: say how they were "
			"thanked (coupon, gift, call, ...)");
	k.t.day = date ? crm_opt_date("--date", date) : crm_today();
	crm_ctx_open(&k.ctx, CRM_DB_WRITE);
	if (value) {
		if (crm_money_parse(value, k.ctx.cfg.minor_digits, &k.t.value,
				    &why) < 0)
			crm_die(CRM_EX_USAGE, "--value: '%s' %s", value, why);
		if (k.t.value < 0)
			crm_die(CRM_EX_USAGE, "--value: '%s' is negative", value);
		k.t.has_value = 1;
	}
	crm_db_begin(k.ctx.db);
	n = crm_each_id(k.ctx.db, k.ctx.o.key, argc, argv, thank_one, &k);
	if (n < 0)
		crm_die(CRM_EX_USAGE, "no customers: give ids or pipe them in");
	if (k.ctx.o.quiet)
		;
	else if (k.ctx.o.dry_run)
		crm_warn("dry run: %lld would be thanked", k.thanked);
	else
		printf("%lld thanked\n", k.thanked);
	crm_ctx_commit(&k.ctx);
	crm_ctx_close(&k.ctx);
	crm_close_stdout();
	return 0;
}
