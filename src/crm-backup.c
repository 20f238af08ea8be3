/* crm-backup - a consistent, integrity-checked copy of a live database,
 * into a file or into a PostgreSQL database */
#include <getopt.h>
#include <stdlib.h>

#include "crm.h"

enum { OPT_CHECK = 1, OPT_TO };
static const struct crm_optdef opts[] = {
	CRM_OPTDEFS_BASE,
	{"check", 0, OPT_CHECK, NULL,
	 "copy nothing: check the summaries against the purchases"},
	{"to", 1, OPT_TO, "URI",
	 "copy into this empty PostgreSQL database instead of a FILE"},
	{0}};
static const char *const synopsis[] = {
	"crm-backup [--db FILE] [--config FILE] [-q|--quiet] [--progress] FILE",
	"crm-backup --to URI [--db FILE] [--config FILE] [-q|--quiet]",
	"crm-backup --check [--db FILE] [--config FILE] [-q|--quiet]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

static void
differs(const char *what, const char *key, void *arg)
{
	(void)arg;
	crm_warn("%s differs from the purchases: %s", what, key);
}

/* Every summary computed again from the purchases, in one snapshot;
 * 65 when any differs. */
static int
check(struct crm_ctx *ctx)
{
	long long n;

	crm_db_snapshot_begin(ctx->db);
	n = crm_db_summary_check(ctx->db, differs, NULL);
	crm_db_snapshot_end(ctx->db);
	if (n)
		crm_die(CRM_EX_DATAERR, "%lld summary row%s differ%s from the "
			"purchases", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
	if (!ctx->o.quiet)
		crm_warn("the summaries agree with the purchases");
	return 0;
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_err e;
	const char *to = NULL;
	char *to_copy = NULL; /* --to, when its password was hidden in argv */
	int c, checking = 0;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	crm_opts_init(&ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1)
		if (c == OPT_CHECK)
			checking = 1;
		else if (c == OPT_TO) {
			to = optarg;
			free(to_copy);
			to_copy = crm_xstrdup(optarg);
			/* no process listing shows the password */
			if (crm_pg_hide_password(optarg))
				to = to_copy;
		}
		else if (!crm_opts_handle(&ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	if (checking && to) {
		crm_warn("--check copies nothing: it takes no --to");
		usage(CRM_EX_USAGE);
	}
	if (checking || to) {
		if (argc > optind) {
			crm_warn("%s: unexpected argument '%s'",
				 to ? "--to names the copy" : "--check copies nothing",
				 argv[optind]);
			usage(CRM_EX_USAGE);
		}
		crm_ctx_open(&ctx, CRM_DB_READ);
		/* the target's name is never printed as given: its
		 * password would be in it */
		if (!to)
			check(&ctx);
		else if (crm_db_backup_to(ctx.db, to, &e) < 0)
			crm_die(e.status, "%s", e.msg);
		crm_ctx_close(&ctx);
		free(to_copy);
		crm_close_stdout();
		return 0;
	}
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
