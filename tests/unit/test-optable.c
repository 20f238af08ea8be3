/* test-optable.c - getopt_long's arguments and the usage text, built from
 * one option table (optable.c) */
#include "crm.h"
#include "tap.h"

enum { OPT_COUNT = CRM_OPT_FIRST_LOCAL, OPT_LONG_ONLY };

static const struct crm_optdef opts[] = {
	{"count", 1, 'c', "N", "how many"},
	{"long-only", 1, OPT_LONG_ONLY, "VALUE", "no short letter"},
	{"verbose", 0, 'v', NULL, "say more"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_WRITE,
	{0}};
static const char *const synopsis[] = {
	"crm-x [--count N] [--long-only VALUE] [-v|--verbose] [-n|--dry-run] "
	"[-q|--quiet] [--progress] [--db FILE] [--config FILE] "
	"[--a-rather-long-option-name VALUE] < input.tsv",
	"crm-x --help",
	NULL};

static void
usage_error(void *arg)
{
	(void)arg;
	crm_usage(CRM_EX_USAGE, synopsis, opts);
}

/* every line of s fits in width columns */
static int
fits(const char *s, size_t width)
{
	for (const char *nl; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl)
			return strlen(s) <= width;
		if ((size_t)(nl - s) > width)
			return 0;
	}
	return 1;
}

int
main(void)
{
	struct crm_getopt g;
	char msg[4096];
	size_t n = 0;
	int st;

	crm_getopt_init(&g, opts);
	is_str(g.shortopts, "c:vqhn", "short options: letters, ':' for a value");
	while (g.longopts[n].name)
		n++;
	is_int((long long)n, 10, "a long option per entry");
	is_str(g.longopts[1].name, "long-only", "in the table's order");
	is_int(g.longopts[1].has_arg, required_argument, "a value is required");
	is_int(g.longopts[1].val, OPT_LONG_ONLY, "val as declared");
	is_int(g.longopts[2].has_arg, no_argument, "a flag takes no value");
	ok(g.longopts[2].flag == NULL, "getopt_long returns val");

	st = run_child(usage_error, NULL, msg, sizeof msg);
	is_int(st, CRM_EX_USAGE, "usage error: status 64");
	ok(strncmp(msg, "usage: crm-x [--count N]", 24) == 0,
	   "usage error: the usage on stderr");
	ok(fits(msg, 79), "wrapped at 79 columns");
	ok(strstr(msg, "\n             [--a-rather-long-option-name VALUE] "
		       "< input.tsv\n") != NULL,
	   "a continuation lines up under the first option");
	ok(strstr(msg, "\n       crm-x --help\n\noptions:\n") != NULL,
	   "a second form, then the options");
	ok(strstr(msg, "\n  -c, --count N          how many\n") != NULL,
	   "an option with a short letter and a value");
	ok(strstr(msg, "\n      --long-only VALUE  no short letter\n") != NULL,
	   "a long-only option");
	ok(strstr(msg, "\n  -n, --dry-run          check everything, write "
		       "nothing\n") != NULL, "a shared entry");
	return done_testing();
}
