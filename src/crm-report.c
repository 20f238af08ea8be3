/* crm-report - the nightly report: text for mail, an HTML page, JSON, or
 * a whole mail message of text and page */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "outfile.h"

enum {
	OPT_HTML = CRM_OPT_FIRST_LOCAL,
	OPT_SINCE,
	OPT_SECTIONS,
	OPT_FORMAT,
	OPT_MAIL,
	OPT_TO
};

static const struct crm_optdef opts[] = {
	{"html", 1, OPT_HTML, "FILE", "write the report as an HTML page"},
	{"since", 1, OPT_SINCE, "DATE", "count as new what came after a date"},
	{"sections", 1, OPT_SECTIONS, "LIST",
	 "the sections to print, in order"},
	{"as-of", 1, CRM_OPT_AS_OF, "DATE", "report as of a date (YYYY-MM-DD)"},
	{"format", 1, OPT_FORMAT, "text|json", "the output format"},
	{"mail", 0, OPT_MAIL, NULL,
	 "write a mail message of text and page for sendmail -t"},
	{"to", 1, OPT_TO, "ADDR", "a recipient of --mail (repeatable)"},
	CRM_OPTDEFS_BASE,
	{0}};
static const char *const synopsis[] = {
	"crm-report [--html FILE] [--as-of DATE] [--since DATE] "
	"[--sections LIST] [--format text|json] [-q|--quiet] [--progress] "
	"[--db FILE] [--config FILE]",
	"crm-report --mail [--to ADDR]... [--html FILE] [--as-of DATE] "
	"[--since DATE] [--sections LIST] [-q|--quiet] [--progress] "
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

/* --to ADDR..., else the config's mail_to: the checked recipients */
static void
recipients(const char *const *to, size_t nto, const struct crm_config *cfg,
	   char ***v, size_t *n)
{
	struct crm_err e;

	for (size_t i = 0; i < nto; i++)
		if (crm_mime_addresses("--to", to[i], CRM_EX_USAGE, v, n,
				       &e) < 0)
			crm_die(e.status, "%s", e.msg);
	if (!nto && cfg->mail_to &&
	    crm_mime_addresses("mail_to", cfg->mail_to, CRM_EX_CONFIG, v, n,
			       &e) < 0)
		crm_die(e.status, "%s", e.msg);
	if (!*n)
		crm_die(CRM_EX_CONFIG, "--mail: no recipient: give --to ADDR "
			"or set mail_to: in the config");
}

/* the config's mail_from: one address, checked and encoded as the
 * recipients are (malloc'd), or NULL */
static char *
sender(const struct crm_config *cfg)
{
	struct crm_err e;
	char **v = NULL, *from;
	size_t n = 0;

	if (!cfg->mail_from)
		return NULL;
	if (crm_mime_addresses("mail_from", cfg->mail_from, CRM_EX_CONFIG,
			       &v, &n, &e) < 0)
		crm_die(e.status, "%s", e.msg);
	if (n != 1)
		crm_die(CRM_EX_CONFIG, "mail_from: one address, not %zu", n);
	from = v[0];
	free(v);
	return from;
}

/* a rendering into memory: the parts of the message are the text and
 * the page the report prints, not a second copy of them */
static char *
render(const struct crm_report *r,
       int (*fn)(const struct crm_report *, FILE *), size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);

	if (!m)
		crm_die(CRM_EX_IOERR, "cannot render the report: %s",
			strerror(errno));
	if (fn(r, m) < 0 || fclose(m) == EOF)
		crm_die(CRM_EX_IOERR, "cannot render the report: %s",
			strerror(errno ? errno : EIO));
	return buf;
}

static void
write_mail(const struct crm_report *r, const struct crm_config *cfg,
	   const char *from, char *const *to, size_t nto)
{
	struct crm_mail m;
	char day[16], *subject, *text, *html;
	const char *prefix = cfg->mail_subject ? cfg->mail_subject
					       : "crm report";
	size_t n = strlen(prefix) + sizeof day + 2;

	memset(&m, 0, sizeof m);
	subject = crm_xmalloc(n);
	snprintf(subject, n, "%s %s", prefix, crm_date_format(r->as_of, day));
	m.from = from;
	m.to = to;
	m.nto = nto;
	m.subject = subject;
	m.date = time(NULL);
	m.text = text = render(r, crm_report_text, &m.ntext);
	m.html = html = render(r, crm_report_html, &m.nhtml);
	errno = 0;
	if (crm_mail_write(stdout, &m) < 0)
		crm_die(CRM_EX_IOERR, "cannot write the message: %s",
			strerror(errno ? errno : EIO));
	free(text);
	free(html);
	free(subject);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_report r;
	const char *html = NULL, *sections = NULL, *since = NULL;
	const char **to = NULL;
	char **rcpt = NULL, *from = NULL;
	size_t nto = 0, nrcpt = 0;
	int c, json = 0, mail = 0;

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
		case OPT_MAIL:
			mail = 1;
			break;
		case OPT_TO:
			to = crm_xrealloc(to, (nto + 1) * sizeof *to);
			to[nto++] = optarg;
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
	if (nto && !mail)
		crm_die(CRM_EX_USAGE, "--to goes with --mail");
	if (mail && json)
		crm_die(CRM_EX_USAGE, "--mail sends text and HTML: it takes "
			"no --format json");
	for (int i = 0; i < CRM_NSECTIONS; i++)
		r.sections[r.nsections++] = i;
	if (sections)
		parse_sections(&r, sections);
	if (since)
		r.since = crm_opt_date("--since", since);
	crm_ctx_open(&ctx, CRM_DB_READ);
	if (mail) { /* before any work: a message nobody gets is no report */
		recipients(to, nto, &ctx.cfg, &rcpt, &nrcpt);
		from = sender(&ctx.cfg);
	}
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
	if (mail)
		write_mail(&r, &ctx.cfg, from, rcpt, nrcpt);
	else if ((json ? crm_report_json(&r, stdout)
		       : crm_report_text(&r, stdout)) < 0)
		crm_die(CRM_EX_IOERR, "cannot write the report: %s",
			strerror(errno));
	crm_mime_addresses_free(rcpt, nrcpt);
	free(from);
	free(to);
	crm_report_release(&r);
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
