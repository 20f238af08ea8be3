/* crm-init - create or upgrade the database and define its categories */
#include <getopt.h>
#include <stdlib.h>

#include "crm.h"

static const struct crm_optdef opts[] = {
	CRM_OPTDEFS_BASE,
	{0}};
static const char *const synopsis[] = {
	"crm-init [--db FILE] [--config FILE] [-q|--quiet] [--progress]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_err e;
	int c;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	crm_opts_init(&ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1)
		if (!crm_opts_handle(&ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	if (optind != argc) {
		crm_warn("unexpected argument '%s'", argv[optind]);
		usage(CRM_EX_USAGE);
	}
	crm_ctx_open(&ctx, CRM_DB_CREATE);
	crm_db_begin(ctx.db);
	if (crm_category_seed(ctx.db, &ctx.cfg, &e) < 0)
		crm_die(e.status, "%s", e.msg);
	crm_db_default_category_mark(ctx.db, &ctx.cfg);
	crm_db_commit(ctx.db);
	/* a new database's file alone holds its schema */
	crm_db_checkpoint(ctx.db);
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
