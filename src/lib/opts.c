/* opts.c - the options every command shares, and a command's context */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

void
crm_opts_init(struct crm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->header = 1;
	o->format = CRM_FORMAT_TSV;
	o->progress = -1;
	o->key = CRM_KEY_ID;
}

void
crm_version(void)
{
	printf("%s (crm) %s\n", crm_progname(), CRM_VERSION);
	crm_close_stdout();
	exit(0);
}

static int
is_negative_number(const char *a)
{
	if (a[0] != '-' || !a[1])
		return 0;
	for (a++; *a; a++)
		if ((*a < '0' || *a > '9') && *a != '.')
			return 0;
	return 1;
}

/* does this argument take the next one as its value? */
static int
takes_value(const char *a, const struct option *longopts)
{
	size_t n;

	if (strncmp(a, "--", 2) != 0 || strchr(a, '='))
		return 0;
	n = strlen(a + 2);
	for (const struct option *o = longopts; o->name; o++)
		if (o->has_arg == required_argument &&
		    strncmp(o->name, a + 2, n) == 0)
			return 1;
	return 0;
}

char **
crm_opts_negatives(int *argc, char **argv, const struct option *longopts)
{
	char **out = crm_xmalloc((size_t)(*argc + 2) * sizeof *out);
	char **neg = crm_xmalloc((size_t)(*argc + 1) * sizeof *neg);
	int n = 0, nneg = 0, i;

	out[n++] = argv[0];
	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (is_negative_number(argv[i])) {
			neg[nneg++] = argv[i];
			continue;
		}
		out[n++] = argv[i];
		if (takes_value(argv[i], longopts)) {
			/*
			 * The last argument lacks its value: given the `--`
			 * added below, getopt would take that for the value
			 * (`crm-sale --db` opening a database named --).
			 * Unchanged, it says the value is missing.
			 */
			if (i + 1 == *argc) {
				memcpy(out, argv, (size_t)(*argc + 1) * sizeof *out);
				free(neg);
				return out;
			}
			out[n++] = argv[++i];
		}
	}
	out[n++] = "--";
	for (int k = 0; k < nneg; k++)
		out[n++] = neg[k];
	for (; i < *argc; i++)
		out[n++] = argv[i];
	out[n] = NULL;
	free(neg);
	*argc = n;
	return out;
}

crm_day
crm_opt_date(const char *opt, const char *arg)
{
	const char *why;
	crm_day d;

	if (crm_date_parse(arg, &d, &why) < 0)
		crm_die(CRM_EX_USAGE, "%s: date '%s' %s", opt, arg, why);
	return d;
}

long long
crm_opt_int(const char *opt, const char *arg, long long min, long long max)
{
	const char *why;
	long long v;

	if (crm_int_parse(arg, min, max, &v, &why) < 0)
		crm_die(CRM_EX_USAGE, "%s: '%s' %s (expected %lld to %lld)",
			opt, arg, why, min, max);
	return v;
}

int
crm_key_parse(const char *s, enum crm_key *out)
{
	if (!strcmp(s, "id"))
		*out = CRM_KEY_ID;
	else if (!strcmp(s, "card"))
		*out = CRM_KEY_CARD;
	else if (!strcmp(s, "email"))
		*out = CRM_KEY_EMAIL;
	else
		return -1;
	return 0;
}

int
crm_opts_handle(struct crm_opts *o, int c, const char *arg,
		void (*usage)(int status))
{
	switch (c) {
	case CRM_OPT_DB:
		o->db = arg;
		if (strchr(arg, '@') || strstr(arg, "password=")) {
			/* keep a copy, and hide the password from ps(1) */
			if (strlen(arg) >= sizeof o->db_copy)
				crm_die(CRM_EX_USAGE, "--db: a name of more "
					"than %zu bytes", sizeof o->db_copy - 1);
			strcpy(o->db_copy, arg);
			if (crm_pg_hide_password((char *)arg))
				o->db = o->db_copy;
		}
		return 1;
	case CRM_OPT_CONFIG:
		o->config = arg;
		return 1;
	case 'q':
		o->quiet = 1;
		return 1;
	case CRM_OPT_PROGRESS:
		o->progress = 1;
		return 1;
	case 'H':
		o->header = 0;
		return 1;
	case 'n':
		o->dry_run = 1;
		return 1;
	case CRM_OPT_FORMAT:
		if (crm_format_parse(arg, &o->format) < 0)
			crm_die(CRM_EX_USAGE,
				"--format: '%s' is not one of tsv, csv, json",
				arg);
		return 1;
	case CRM_OPT_KEY:
		if (crm_key_parse(arg, &o->key) < 0)
			crm_die(CRM_EX_USAGE,
				"--key: '%s' is not one of id, card, email", arg);
		return 1;
	case CRM_OPT_AS_OF:
		o->as_of = crm_opt_date("--as-of", arg);
		o->has_as_of = 1;
		return 1;
	case CRM_OPT_VERSION:
		crm_version();
	case 'h':
		usage(0);
		return 1;
	case '?':
	case ':':
		usage(CRM_EX_USAGE);
		return 1;
	}
	return 0;
}

int
crm_opts_progress(const struct crm_opts *o)
{
	if (o->progress >= 0)
		return o->progress;
	return !o->quiet && isatty(STDERR_FILENO);
}

void
crm_ctx_open(struct crm_ctx *c, enum crm_db_mode mode)
{
	/* past a file size limit a write fails (EFBIG, exit 74) and the
	 * transaction rolls back, rather than a signal killing the process */
	signal(SIGXFSZ, SIG_IGN);
	crm_config_load(&c->cfg, c->o.config);
	c->db = crm_db_open(c->o.db, &c->cfg, mode);
	/* before any amount is parsed: the database's minor digits */
	crm_db_currency(c->db, &c->cfg);
}

void
crm_ctx_close(struct crm_ctx *c)
{
	crm_db_close(c->db);
	c->db = NULL;
	crm_config_release(&c->cfg);
}

void
crm_ctx_commit(struct crm_ctx *c)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		crm_die(CRM_EX_IOERR,
			"cannot write to standard output: %s; nothing was "
			"recorded", strerror(errno ? errno : EIO));
	if (c->o.dry_run)
		crm_db_rollback(c->db);
	else
		crm_db_commit(c->db);
}

crm_day
crm_ctx_as_of(const struct crm_ctx *c)
{
	return c->o.has_as_of ? c->o.as_of : crm_today();
}
