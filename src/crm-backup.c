/* crm-backup - a consistent, integrity-checked copy of a live database */
#include <getopt.h>
#include <stdlib.h>

#include "crm.h"

static const struct crm_optdef opts[] = {
	CRM_OPTDEFS_BASE,
	{0}};
static const char *const synopsis[] = {
	"crm-backup [--db FILE] [--config FILE] [-q|--quiet] [--progress] FILE",
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
	if (argc - optind != 1) {
		if (argc - optind > 1)
			crm_warn("unexpected argument '%s'", argv[optind + 1]);
		else
			crm_warn("missing FILE to copy the database to");
		usage(CRM_EX_USAGE);
	}
	crm_ctx_open(&ctx, CRM_DB_READ);
	if (crm_db_backup(ctx.db, argv[optind], &e) < 0)
		crm_die(e.status, "%s", e.msg);
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
