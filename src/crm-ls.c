/* crm-ls - list customers, filtered; the usual head of a pipeline */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum {
	OPT_CATEGORY = CRM_OPT_FIRST_LOCAL,
	OPT_SOURCE,
	OPT_REASON,
	OPT_STATUS,
	OPT_NAME,
	OPT_CREATED_FROM,
	OPT_CREATED_TO,
	OPT_REFERRED_BY,
	OPT_COLUMNS
};

static const struct crm_optdef opts[] = {
	{"category", 1, OPT_CATEGORY, "C", "only customers in a category"},
	{"source", 1, OPT_SOURCE, "S", "only customers from a source"},
	{"reason", 1, OPT_REASON, "R",
	 "only customers who chose us for a reason"},
	{"status", 1, OPT_STATUS, "active|lost",
	 "only active or lost customers"},
	{"name", 1, OPT_NAME, "PATTERN", "only names matching a glob pattern"},
	{"created-from", 1, OPT_CREATED_FROM, "DATE",
	 "only customers created on or after"},
	{"created-to", 1, OPT_CREATED_TO, "DATE",
	 "only customers created on or before"},
	{"referred-by", 1, OPT_REFERRED_BY, "ID",
	 "only customers referred by a customer"},
	{"columns", 1, OPT_COLUMNS, "LIST",
	 "the columns to print, comma-separated"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-ls [--category C] [--source S] [--reason R] "
	"[--status active|lost] "
	"[--name PATTERN] [--created-from DATE] [--created-to DATE] "
	"[--referred-by ID] [--columns LIST] [--as-of DATE] [-H|--no-header] "
	"[--format tsv|csv|json] [-q|--quiet] [--progress] [--db FILE] "
	"[--config FILE] [-]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

/* --columns id,name,card: the chosen columns, in order */
static int
parse_columns(const char *list, int *cols)
{
	char *copy = crm_xstrdup(list), *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int k = crm_col_lookup(tok);

		if (k < 0)
			crm_die(CRM_EX_USAGE,
				"--columns: unknown column '%s' (columns: id "
				"name email phone card category source reason "
				"referred_by status created note)", tok);
		if (n == CRM_NCOLS)
			crm_die(CRM_EX_USAGE, "--columns: too many columns");
		cols[n++] = k;
	}
	free(copy);
	if (n == 0)
		crm_die(CRM_EX_USAGE, "--columns: no column given");
	return n;
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_filter flt;
	struct crm_fields f;
	struct crm_out out;
	struct crm_db_iter *it;
	const char *names[CRM_NCOLS];
	int cols[CRM_NCOLS], ncols = CRM_NCOLS, c;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	crm_opts_init(&ctx.o);
	memset(&flt, 0, sizeof flt);
	for (int k = 0; k < CRM_NCOLS; k++)
		cols[k] = k;
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_CATEGORY:
			flt.category = optarg;
			break;
		case OPT_SOURCE:
			flt.source = optarg;
			break;
		case OPT_REASON:
			flt.reason = optarg;
			break;
		case OPT_STATUS:
			if (strcmp(optarg, "active") && strcmp(optarg, "lost"))
				crm_die(CRM_EX_USAGE,
					"--status: '%s' is not active or lost",
					optarg);
			flt.status = optarg;
			break;
		case OPT_NAME:
			flt.name_pattern = optarg;
			break;
		case OPT_CREATED_FROM:
			flt.created_from = crm_opt_date("--created-from", optarg);
			flt.has_created_from = 1;
			break;
		case OPT_CREATED_TO:
			flt.created_to = crm_opt_date("--created-to", optarg);
			flt.has_created_to = 1;
			break;
		case OPT_REFERRED_BY:
			flt.referred_by = crm_opt_int("--referred-by", optarg, 1,
						      INT64_MAX);
			break;
		case OPT_COLUMNS:
			ncols = parse_columns(optarg, cols);
			break;
		default:
			if (!crm_opts_handle(&ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	flt.only_selection = crm_report_operand(argc, argv, optind, usage);
	flt.as_of = ctx.o.as_of;
	flt.has_as_of = ctx.o.has_as_of;
	crm_ctx_open(&ctx, CRM_DB_READ);
	if (flt.category && !crm_db_category_known(ctx.db, flt.category,
						   flt.has_as_of))
		crm_die(CRM_EX_NOINPUT, "category '%s' does not exist",
			flt.category);
	if (flt.referred_by) {
		char id[32];

		snprintf(id, sizeof id, "%lld", flt.referred_by);
		if (!crm_db_customer_find(ctx.db, CRM_KEY_ID, id))
			crm_die(CRM_EX_NOINPUT, "referrer %s does not exist", id);
	}
	if (flt.only_selection)
		crm_mark_stdin(ctx.db);
	for (int i = 0; i < ncols; i++)
		names[i] = crm_customer_cols[cols[i]];
	crm_out_begin(&out, stdout, ctx.o.format, ctx.o.header, names, ncols);
	it = crm_db_customers(ctx.db, &flt);
	while (crm_db_customers_next(it, &f)) {
		for (int i = 0; i < ncols; i++) {
			int k = cols[i];

			if (k == CRM_COL_ID || k == CRM_COL_REFERRED_BY)
				f.v[k] ? crm_out_num(&out, f.v[k])
				       : crm_out_null(&out);
			else
				crm_out_str(&out, f.v[k]);
		}
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
