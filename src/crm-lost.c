/* crm-lost - the deal breakers: customers lost, why, and what they were worth */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum mode { MARK, WON_BACK, REASONS, LIST };

enum {
	OPT_REASON = CRM_OPT_FIRST_LOCAL,
	OPT_DATE,
	OPT_WON_BACK,
	OPT_REASONS,
	OPT_LIST
};

static const struct crm_optdef opts[] = {
	{"reason", 1, OPT_REASON, "TEXT", "why the customers left"},
	{"date", 1, OPT_DATE, "DATE", "date they were lost or won back"},
	{"won-back", 0, OPT_WON_BACK, NULL, "make lost customers active again"},
	{"reasons", 0, OPT_REASONS, NULL, "summarise the reasons"},
	{"list", 0, OPT_LIST, NULL, "list the lost customers"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	CRM_OPTDEFS_WRITE,
	CRM_OPTDEFS_KEY,
	{0}};
static const char *const synopsis[] = {
	"crm-lost --reason TEXT [--date DATE] [--key id|card|email] "
	"[-n|--dry-run] [-q|--quiet] [ID...]",
	"crm-lost --won-back [--date DATE] [--key id|card|email] "
	"[-n|--dry-run] [-q|--quiet] [ID...]",
	"crm-lost --reasons [--as-of DATE] [-H|--no-header] "
	"[--format tsv|csv|json]",
	"crm-lost --list [--as-of DATE] [-H] [--format F]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct run {
	struct crm_ctx ctx;
	enum mode mode;
	const char *reason;
	crm_day day;
	long long changed;
	struct crm_out out; /* the dry run's listing */
};

static void
set_mode(struct run *r, enum mode m)
{
	if (r->mode != MARK)
		crm_die(CRM_EX_USAGE, "give one of --won-back, --reasons, --list");
	r->mode = m;
}

static void
change_one(long long id, void *arg)
{
	static const char *const cols[] = {"id",  "name", "old",
					   "new", "date", "reason"};
	struct run *r = arg;
	struct crm_profile p;
	char date[CRM_DATE_BUFSZ];
	int had = r->ctx.o.dry_run && crm_db_profile(r->ctx.db, id, INT32_MAX, &p);

	if (!crm_lost_set(r->ctx.db, id, r->reason, r->day))
		return;
	if (had) {
		if (!r->changed)
			crm_out_begin(&r->out, stdout, r->ctx.o.format,
				      r->ctx.o.header, cols, 6);
		crm_out_int(&r->out, id);
		crm_out_str(&r->out, p.f.v[CRM_COL_NAME]);
		crm_out_str(&r->out, p.f.v[CRM_COL_STATUS]);
		crm_out_str(&r->out, r->reason ? "lost" : "active");
		crm_out_str(&r->out, crm_date_format(r->day, date));
		crm_out_str(&r->out, r->reason);
		crm_out_end_row(&r->out);
	}
	r->changed++;
}

static void
change(struct run *r, int argc, char **argv)
{
	long long n;

	crm_db_begin(r->ctx.db);
	n = crm_each_id(r->ctx.db, r->ctx.o.key, argc, argv, change_one, r);
	if (n < 0)
		crm_die(CRM_EX_USAGE, "no customers: give ids or pipe them in");
	if (r->ctx.o.quiet)
		;
	else if (r->ctx.o.dry_run)
		crm_warn("dry run: %lld would change", r->changed);
	else
		printf("%lld changed\n", r->changed);
	crm_ctx_commit(&r->ctx);
}

static void
reasons(struct run *r)
{
	static const char *const cols[] = {"reason", "customers", "value_lost"};
	struct crm_db_iter *it = crm_db_lost_reasons(r->ctx.db,
						     crm_ctx_as_of(&r->ctx));
	struct crm_lost_reason x;
	struct crm_out out;

	crm_out_begin(&out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 3);
	while (crm_db_lost_reasons_next(it, &x)) {
		crm_out_str(&out, x.reason);
		crm_out_int(&out, x.customers);
		crm_out_money(&out, x.value, r->ctx.cfg.minor_digits);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

static void
list(struct run *r)
{
	static const char *const cols[] = {"id", "name", "lost_date", "reason",
					   "value_lost"};
	struct crm_db_iter *it = crm_db_lost(r->ctx.db, crm_ctx_as_of(&r->ctx));
	struct crm_lost_row x;
	struct crm_out out;
	char date[CRM_DATE_BUFSZ];

	crm_out_begin(&out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 5);
	while (crm_db_lost_next(it, &x)) {
		crm_out_int(&out, x.id);
		crm_out_str(&out, x.name);
		crm_out_str(&out, x.has_day ? crm_date_format(x.day, date) : NULL);
		crm_out_str(&out, x.reason);
		crm_out_money(&out, x.value, r->ctx.cfg.minor_digits);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct run r;
	const char *date = NULL;
	int c, writes;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&r, 0, sizeof r);
	crm_opts_init(&r.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_REASON:
			r.reason = crm_opt_text("--reason", optarg);
			break;
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_WON_BACK:
			set_mode(&r, WON_BACK);
			break;
		case OPT_REASONS:
			set_mode(&r, REASONS);
			break;
		case OPT_LIST:
			set_mode(&r, LIST);
			break;
		default:
			if (!crm_opts_handle(&r.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	writes = r.mode == MARK || r.mode == WON_BACK;
	if (r.reason && r.mode != MARK)
		crm_die(CRM_EX_USAGE, "--reason goes with marking customers lost, "
			"not with --won-back, --reasons or --list");
	if (r.mode == MARK && (!r.reason || !*r.reason))
		crm_die(CRM_EX_USAGE, "--reason is required: say why they left "
			"(or give --won-back, --reasons, --list)");
	if (date && !writes)
		crm_die(CRM_EX_USAGE, "--date goes with marking customers lost "
			"or --won-back");
	if (r.ctx.o.has_as_of && writes)
		crm_die(CRM_EX_USAGE, "--as-of goes with --reasons and --list");
	if (!writes && argc > 0)
		crm_die(CRM_EX_USAGE, "--reasons and --list take no operand");
	r.day = date ? crm_opt_date("--date", date) : crm_today();
	crm_ctx_open(&r.ctx, writes ? CRM_DB_WRITE : CRM_DB_READ);
	if (writes)
		change(&r, argc, argv);
	else if (r.mode == REASONS)
		reasons(&r);
	else
		list(&r);
	crm_ctx_close(&r.ctx);
	crm_close_stdout();
	return 0;
}
