/* crm-rfm - recency, frequency, monetary: scores, codes and named segments */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"

enum { OPT_SEGMENT = CRM_OPT_FIRST_LOCAL, OPT_SUMMARY };

static const struct crm_optdef opts[] = {
	{"segment", 1, OPT_SEGMENT, "NAME", "only the customers of a segment"},
	{"summary", 0, OPT_SUMMARY, NULL, "one row per segment"},
	{"period", 1, CRM_OPT_PERIOD, "PERIOD",
	 "day, week, month, quarter, year or all of --as-of"},
	CRM_OPTDEF_FROM,
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-rfm [--as-of DATE] [--from DATE] "
	"[--period day|week|month|quarter|year|all] [--segment NAME] "
	"[--summary] [-H|--no-header] [--format tsv|csv|json] [-q|--quiet] "
	"[--progress] [--db FILE] [--config FILE] [-]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct rfm {
	struct crm_ctx ctx;
	struct crm_window w;
	struct crm_rfm r;
	const struct crm_segments *map;
	int segment; /* -1: all */
	int summary;
	long long *only; /* ids read for `-`, sorted; NULL: everyone */
	size_t nonly, caponly;
};

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static void
collect(long long id, void *arg)
{
	struct rfm *f = arg;

	if (f->nonly == f->caponly) {
		f->caponly = f->caponly ? 2 * f->caponly : 256;
		f->only = crm_xrealloc(f->only, f->caponly * sizeof *f->only);
	}
	f->only[f->nonly++] = id;
}

static int
wanted(const struct rfm *f, const struct crm_rfm_row *row)
{
	if (f->segment >= 0 && row->segment != f->segment)
		return 0;
	return !f->only ||
	       bsearch(&row->id, f->only, f->nonly, sizeof *f->only, cmp_ll);
}

static void
summary(struct rfm *f)
{
	static const char *const cols[] = {"segment", "customers", "net"};
	struct crm_out out;
	size_t n = f->map->n;
	long long *count = crm_xmalloc((n + 1) * sizeof *count);
	crm_money *net = crm_xmalloc((n + 1) * sizeof *net);

	memset(count, 0, (n + 1) * sizeof *count);
	memset(net, 0, (n + 1) * sizeof *net);
	for (size_t i = 0; i < f->r.n; i++) {
		const struct crm_rfm_row *row = &f->r.v[i];

		if (!wanted(f, row) || row->segment < 0)
			continue;
		count[row->segment]++;
		net[row->segment] += row->monetary;
	}
	crm_out_begin(&out, stdout, f->ctx.o.format, f->ctx.o.header, cols, 3);
	for (size_t k = 0; k < n; k++) {
		if (f->segment >= 0 && (int)k != f->segment)
			continue;
		crm_out_str(&out, f->map->v[k].name);
		crm_out_int(&out, count[k]);
		crm_out_money(&out, net[k], f->ctx.cfg.minor_digits);
		crm_out_end_row(&out);
	}
	free(count);
	free(net);
}

static void
rows(struct rfm *f)
{
	static const char *const cols[] = {"id", "name", "recency_days",
					   "frequency", "monetary", "r", "f",
					   "m", "rfm", "segment"};
	struct crm_db_iter *it = crm_db_customer_rows(f->ctx.db, 0, 0,
						     crm_ctx_as_of(&f->ctx));
	struct crm_cust_row c;
	struct crm_out out;
	size_t i = 0;
	char digit[2] = {0};

	crm_out_begin(&out, stdout, f->ctx.o.format, f->ctx.o.header, cols, 10);
	/* scores and customers are both in id order: merge for the names */
	while (i < f->r.n && crm_db_customer_rows_next(it, &c)) {
		const struct crm_rfm_row *row = &f->r.v[i];

		if (c.id < row->id)
			continue;
		i++;
		if (c.id != row->id || !wanted(f, row))
			continue;
		crm_out_int(&out, row->id);
		crm_out_str(&out, c.name);
		crm_out_int(&out, row->recency);
		crm_out_int(&out, row->frequency);
		crm_out_money(&out, row->monetary, f->ctx.cfg.minor_digits);
		for (int k = 0; k < 3; k++) {
			digit[0] = row->code[k];
			crm_out_num(&out, digit);
		}
		crm_out_str(&out, row->code);
		crm_out_str(&out, row->segment >= 0
					  ? f->map->v[row->segment].name
					  : NULL);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

/* "at risk" and "at-risk" name the same segment */
static int
find_segment(const struct crm_segments *map, const char *name)
{
	char *want = crm_xstrdup(name);
	int found = -1;

	for (char *p = want; *p; p++)
		if (*p == ' ')
			*p = '-';
	for (size_t k = 0; k < map->n; k++)
		if (strcasecmp(map->v[k].name, want) == 0)
			found = (int)k;
	free(want);
	return found;
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct rfm f;
	const char *segment = NULL;
	char from[CRM_DATE_BUFSZ], to[CRM_DATE_BUFSZ];
	int c, only_selection;
	crm_day as_of;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&f, 0, sizeof f);
	crm_opts_init(&f.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (crm_window_option(&f.w, c, optarg))
			continue;
		if (c == OPT_SEGMENT)
			segment = optarg;
		else if (c == OPT_SUMMARY)
			f.summary = 1;
		else if (!crm_opts_handle(&f.ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	/* a bad operand is 64 before the database is looked at */
	only_selection = crm_report_operand(argc, argv, optind, usage);
	crm_ctx_open(&f.ctx, CRM_DB_READ);
	f.map = crm_config_segments(&f.ctx.cfg);
	f.segment = -1;
	if (segment && (f.segment = find_segment(f.map, segment)) < 0)
		crm_die(CRM_EX_USAGE, "--segment: no segment '%s' in the map",
			segment);
	if (only_selection) {
		crm_each_stdin(f.ctx.db, collect, &f);
		if (!f.only)
			f.only = crm_xmalloc(sizeof *f.only);
		crm_sort(f.only, f.nonly, sizeof *f.only, cmp_ll);
	}
	as_of = crm_ctx_as_of(&f.ctx);
	crm_window_resolve(&f.w, as_of, crm_db_first_sale_day(f.ctx.db), 1);
	crm_rfm_compute(f.ctx.db, f.w.from, f.w.to, f.map, &f.r);
	if (!f.r.n && !f.ctx.o.quiet)
		crm_warn("no customer bought between %s and %s",
			 crm_date_format(f.w.from, from),
			 crm_date_format(f.w.to, to));
	if (f.summary)
		summary(&f);
	else
		rows(&f);
	crm_rfm_release(&f.r);
	free(f.only);
	crm_ctx_close(&f.ctx);
	crm_close_stdout();
	return 0;
}
