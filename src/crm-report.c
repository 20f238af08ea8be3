/* crm-report - the nightly report: text for mail, an HTML page, or JSON */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "outfile.h"

enum { OPT_HTML = CRM_OPT_FIRST_LOCAL, OPT_SINCE, OPT_SECTIONS, OPT_FORMAT };

static const struct crm_optdef opts[] = {
	{"html", 1, OPT_HTML, "FILE", "write the report as an HTML page"},
	{"since", 1, OPT_SINCE, "DATE", "count as new what came after a date"},
	{"sections", 1, OPT_SECTIONS, "LIST",
	 "the sections to print, in order"},
	{"as-of", 1, CRM_OPT_AS_OF, "DATE", "report as of a date (YYYY-MM-DD)"},
	{"format", 1, OPT_FORMAT, "text|json", "the output format"},
	CRM_OPTDEFS_BASE,
	{0}};
static const char *const synopsis[] = {
	"crm-report [--html FILE] [--as-of DATE] [--since DATE] "
	"[--sections LIST] [--format text|json] [-q|--quiet] [--progress] "
	"[--db FILE] [--config FILE]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

/* --sections sales,top,...: the sections in the order given */
static void
parse_sections(struct crm_report *r, const char *list)
{
	char *copy = crm_xstrdup(list), *save = NULL, *tok;

	r->nsections = 0;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int s = crm_section_lookup(tok);

		if (s < 0)
			crm_die(CRM_EX_USAGE, "--sections: unknown section '%s'",
				tok);
		for (int i = 0; i < r->nsections; i++)
			if (r->sections[i] == s)
				crm_die(CRM_EX_USAGE,
					"--sections: '%s' given twice", tok);
		r->sections[r->nsections++] = s;
	}
	free(copy);
	if (!r->nsections)
		crm_die(CRM_EX_USAGE, "--sections: no section given");
}

/* Write the page beside path, then rename it over: a reader sees the
 * old page or the new one, never half of one.  It holds customers' names
 * and complaints, so it gets the mode the umask gives, like a shell's >. */
static void
write_html(const struct crm_report *r, const char *path)
{
	struct crm_outfile of;
	struct crm_err e;

	if (crm_outfile_open(&of, path, CRM_OUTFILE_PUBLIC, &e) < 0)
		crm_die(e.status, "%s", e.msg);
	if (crm_report_html(r, crm_outfile_stream(&of)) < 0) {
		int saved = errno;

		crm_outfile_abort(&of);
		crm_die(CRM_EX_IOERR, "cannot write '%s': %s", path,
			strerror(saved ? saved : EIO));
	}
	if (crm_outfile_commit(&of, &e) < 0)
		crm_die(e.status, "%s", e.msg);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_report r;
	const char *html = NULL, *sections = NULL, *since = NULL;
	int c, json = 0;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&r, 0, sizeof r);
	crm_opts_init(&ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_HTML:
			html = optarg;
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_SECTIONS:
			sections = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "text"))
				crm_die(CRM_EX_USAGE, "--format: '%s' is not "
					"text or json", optarg);
			break;
		default:
			if (!crm_opts_handle(&ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	if (optind != argc) {
		crm_warn("unexpected argument '%s'", argv[optind]);
		usage(CRM_EX_USAGE);
	}
	for (int i = 0; i < CRM_NSECTIONS; i++)
		r.sections[r.nsections++] = i;
	if (sections)
		parse_sections(&r, sections);
	if (since)
		r.since = crm_opt_date("--since", since);
	crm_ctx_open(&ctx, CRM_DB_READ);
	if (html) {
		struct crm_err e;

		/* the page would take the place of the database */
		if (crm_outfile_check_db(html, crm_db_path(ctx.db), &e) < 0)
			crm_die(e.status, "%s", e.msg);
	}
	if (!sections && ctx.cfg.report_sections)
		parse_sections(&r, ctx.cfg.report_sections);
	r.as_of = crm_ctx_as_of(&ctx);
	/* no state: the same command on the same data, the same report */
	if (!since)
		r.since = r.as_of - 1;
	if (r.since >= r.as_of)
		crm_die(CRM_EX_USAGE, "--since must be before the report's date");
	crm_report_gather(ctx.db, &ctx.cfg, &r);
	if (html)
		write_html(&r, html);
	if ((json ? crm_report_json(&r, stdout) : crm_report_text(&r, stdout)) < 0)
		crm_die(CRM_EX_IOERR, "cannot write the report: %s",
			strerror(errno));
	crm_report_release(&r);
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
