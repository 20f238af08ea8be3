/* crm-init - create or upgrade the database and define its categories */
#include <getopt.h>
#include <stdlib.h>

#include "crm.h"

static void
usage(int status)
{
	fputs("usage: crm-init [--db FILE] [--config FILE] [-q] [--progress]\n"
	      "                [--help] [--version]\n",
	      status ? stderr : stdout);
	if (status)
		exit(status);
	crm_close_stdout();
	exit(0);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {CRM_LONGOPTS_BASE, {0}};
	struct crm_ctx ctx;
	struct crm_err e;
	int c;

	crm_set_progname(argv);
	crm_opts_init(&ctx.o);
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1)
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
