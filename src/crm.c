/* crm - run crm-CMD, like git runs git-CMD; alone, list the commands */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const struct {
	const char *name, *what;
} commands[] = {
	{"add", "register customers, one or many"},
	{"backup", "copy a live database safely"},
	{"bonus", "loyalty card balances and redemptions"},
	{"categorize", "define categories and move customers between them"},
	{"edit", "change customers' fields"},
	{"habits", "purchase habits per customer"},
	{"init", "create or upgrade the database"},
	{"lapsed", "customers not seen for a while"},
	{"lost", "record why customers left"},
	{"ls", "list and filter customers"},
	{"note", "complaints, praise, surveys, calls"},
	{"referrals", "who brought whom"},
	{"report", "the nightly report"},
	{"rfm", "recency, frequency, monetary segments"},
	{"sale", "record purchases and returns"},
	{"show", "one customer's profile"},
	{"thank", "log how customers were thanked"},
	{"top", "the top customers by value"},
	{"value", "customer value per period and group"},
};

/* crm parses its own options: they must come before COMMAND, and the
 * rest of the line is COMMAND's; the table gives the usage */
static const struct crm_optdef opts[] = {
	{"help", 0, 'h', NULL, "print this help and exit"},
	{"version", 0, CRM_OPT_VERSION, NULL, "print the version and exit"},
	{0}};
static const char *const synopsis[] = {
	"crm [--help] [--version] [COMMAND [ARG...]]", NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

/* the directory this program lives in, where its commands are too */
static int
own_dir(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);
	char *slash;

	if (len <= 0)
		return -1;
	buf[len] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static int
installed(const char *dir, const char *name)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof path, "%s/crm-%s", dir, name);
	return access(path, X_OK) == 0;
}

static void
list(void)
{
	char dir[PATH_MAX];
	int have_dir = own_dir(dir, sizeof dir) == 0;

	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!have_dir || installed(dir, commands[i].name))
			printf("%s\t%s\n", commands[i].name, commands[i].what);
	crm_close_stdout();
}

int
main(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 300], name[256];

	crm_set_progname(argv);
	if (argc < 2) {
		list();
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		usage(0);
	if (!strcmp(argv[1], "--version"))
		crm_version();
	if (argv[1][0] == '-' || strchr(argv[1], '/') ||
	    strlen(argv[1]) > sizeof name - 8) {
		crm_warn("unknown option '%s'", argv[1]);
		usage(CRM_EX_USAGE);
	}
	snprintf(name, sizeof name, "crm-%s", argv[1]);
	argv[1] = name;
	/* beside crm first, so an installed copy runs its own commands */
	if (own_dir(dir, sizeof dir) == 0) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (access(path, X_OK) == 0) {
			execv(path, argv + 1);
			crm_die(126, "cannot run '%s': %s", path, strerror(errno));
		}
	}
	execvp(name, argv + 1);
	if (errno == ENOENT)
		crm_die(CRM_EX_USAGE, "'%s' is not a crm command (see crm)",
			name + 4);
	crm_die(126, "cannot run '%s': %s", name, strerror(errno));
}
