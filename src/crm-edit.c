/* crm-edit - change customers' fields (ids from operands or stdin) */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum { OPT_FIELD = CRM_OPT_FIRST_LOCAL };

static const struct crm_optdef opts[] = {
	{"name", 1, OPT_FIELD + CRM_COL_NAME, "N", "new name"},
	{"email", 1, OPT_FIELD + CRM_COL_EMAIL, "E",
	 "new e-mail address (empty clears)"},
	{"phone", 1, OPT_FIELD + CRM_COL_PHONE, "P",
	 "new phone number (empty clears)"},
	{"card", 1, OPT_FIELD + CRM_COL_CARD, "C",
	 "new loyalty card number (empty clears)"},
	{"category", 1, OPT_FIELD + CRM_COL_CATEGORY, "CAT",
	 "move to a category"},
	CRM_OPTDEFS_CUSTOMER_MORE(OPT_FIELD),
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_WRITE,
	CRM_OPTDEFS_KEY,
	{0}};
static const char *const synopsis[] = {
	"crm-edit [--name N] [--email E] [--phone P] [--card C] "
	"[--category CAT] [--source S] [--reason R] [--referred-by ID] "
	"[--created DATE] [--note TEXT] [--key id|card|email] [-n|--dry-run] "
	"[-q|--quiet] [--progress] [--db FILE] [--config FILE] [ID...]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct edit {
	struct crm_ctx ctx;
	struct crm_fields f;
	long long changed, batch;
	int warned; /* the same fields for every customer: one warning */
};

static void
edit_one(long long id, void *arg)
{
	struct edit *ed = arg;
	struct crm_err e;
	int rc = crm_customer_update(ed->ctx.db, id, &ed->f, &ed->ctx.cfg,
				     &ed->batch, "crm-edit", &e);

	if (rc < 0)
		crm_die(e.status, "customer %lld: %s", id, e.msg);
	if (e.msg[0] && !ed->warned++)
		crm_warn("%s", e.msg);
	ed->changed += rc;
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct edit ed;
	const char *v;
	long long n;
	int c;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&ed, 0, sizeof ed);
	crm_opts_init(&ed.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (c >= OPT_FIELD && c < OPT_FIELD + CRM_NCOLS) {
			ed.f.v[c - OPT_FIELD] = optarg;
			ed.f.given |= 1u << (c - OPT_FIELD);
		} else if (!crm_opts_handle(&ed.ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	if (!ed.f.given)
		crm_die(CRM_EX_USAGE, "nothing to change: give a field option");
	if ((v = ed.f.v[CRM_COL_NAME]) && !*v)
		crm_die(CRM_EX_USAGE, "--name: a customer needs a name");
	if ((v = ed.f.v[CRM_COL_CATEGORY]) && !*v)
		crm_die(CRM_EX_USAGE, "--category: the category cannot be cleared");
	if ((v = ed.f.v[CRM_COL_CREATED]))
		crm_opt_date("--created", v);
	if ((v = ed.f.v[CRM_COL_REFERRED_BY]) && *v)
		crm_opt_int("--referred-by", v, 1, INT64_MAX);
	/* text that is not text is bad data (65), as it is on stdin */
	crm_opt_fields_text(g.longopts, OPT_FIELD, &ed.f);
	crm_ctx_open(&ed.ctx, CRM_DB_WRITE);
	crm_db_begin(ed.ctx.db);
	n = crm_each_id(ed.ctx.db, ed.ctx.o.key, argc - optind, argv + optind,
			edit_one, &ed);
	if (n < 0)
		crm_die(CRM_EX_USAGE, "no customers: give ids or pipe them in");
	if (ed.ctx.o.quiet)
		;
	else if (ed.ctx.o.dry_run)
		crm_warn("dry run: %lld would change", ed.changed);
	else
		printf("%lld changed\n", ed.changed);
	crm_ctx_commit(&ed.ctx);
	crm_ctx_close(&ed.ctx);
	crm_close_stdout();
	return 0;
}
