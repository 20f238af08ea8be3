/* crm-add - register customers: from options, or in bulk from TSV */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_UPDATE = CRM_OPT_FIRST_LOCAL,
	OPT_KEEP_GOING,
	OPT_RULES,
	OPT_FIELD /* OPT_FIELD + k sets column k */
};

static const struct crm_optdef opts[] = {
	{"id", 1, OPT_FIELD + CRM_COL_ID, "N",
	 "the id to give the new customer"},
	{"name", 1, OPT_FIELD + CRM_COL_NAME, "NAME", "the customer's name"},
	{"email", 1, OPT_FIELD + CRM_COL_EMAIL, "E", "e-mail address"},
	{"phone", 1, OPT_FIELD + CRM_COL_PHONE, "P", "phone number"},
	{"card", 1, OPT_FIELD + CRM_COL_CARD, "C", "loyalty card number"},
	{"category", 1, OPT_FIELD + CRM_COL_CATEGORY, "CAT", "category"},
	CRM_OPTDEFS_CUSTOMER_MORE(OPT_FIELD),
	{"update", 0, OPT_UPDATE, NULL,
	 "update customers matched by card or e-mail"},
	{"keep-going", 0, OPT_KEEP_GOING, NULL,
	 "skip bad rows, add the good ones"},
	{"rules", 1, OPT_RULES, "FILE",
	 "read a foreign export as FILE says (crm-rules(5))"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_WRITE,
	{0}};
static const char *const synopsis[] = {
	"crm-add --name NAME [--email E] [--phone P] [--card C] "
	"[--category CAT] [--source S] [--reason R] [--referred-by ID] "
	"[--note TEXT] [--created DATE] [--id N] [-n|--dry-run] [-q|--quiet] "
	"[--db FILE] [--config FILE]",
	"crm-add [--update] [--keep-going] [-n|--dry-run] [-q|--quiet] "
	"[--progress] [--db FILE] [--config FILE] < customers.tsv",
	"crm-add --rules FILE [--update] [--keep-going] [-n|--dry-run] "
	"[-q|--quiet] [--progress] [--db FILE] [--config FILE] < export",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct add {
	struct crm_ctx ctx;
	int update, keep_going;
	struct crm_rules *rules; /* --rules: the export's */
	long long done, bad;
	long long batch; /* category changes made by --update */
	/* ids wait here until the load is whole: a failed one prints none */
	FILE *ids;
};

/* Add or (with --update) update one customer; 0 or -1 with e set.  A
 * warning of the rules (unlisted: warn) is given here, on line (0: none). */
static int
add_one(struct add *a, const struct crm_fields *f, long line,
	struct crm_err *e)
{
	long long id = 0;

	if (a->update)
		id = crm_customer_match(a->ctx.db, f);
	if (id) {
		if (crm_customer_update(a->ctx.db, id, f, &a->ctx.cfg,
					&a->batch, "crm-add --update", e) < 0)
			return -1;
	} else {
		id = crm_customer_add(a->ctx.db, f, &a->ctx.cfg, e);
		if (!id)
			return -1;
	}
	if (e->msg[0] && line)
		crm_warn_line(line, "%s", e->msg);
	else if (e->msg[0])
		crm_warn("%s", e->msg);
	if (!a->ctx.o.quiet)
		fprintf(a->ids, "%lld\n", id);
	return 0;
}

static void
add_bulk(struct add *a)
{
	struct crm_tsv *t = a->rules ? crm_tsv_open_rules(stdin, a->rules)
				     : crm_tsv_open(stdin);
	struct crm_progress p;
	struct crm_fields f;
	struct crm_err e;
	int map[CRM_NCOLS];

	if (crm_tsv_read(t) == 0)
		goto done; /* no input, no customers */
	if (crm_tsv_map_header(t, crm_customer_cols, CRM_NCOLS, map, &e) < 0)
		crm_die_line(e.status, 1, "%s (columns: id name email phone "
			     "card category source reason referred_by status "
			     "created note)", e.msg);
	/* --update may change other fields only; a new customer still
	 * needs a name, which the row check says */
	if (map[CRM_COL_NAME] < 0 && !a->update)
		crm_die_line(CRM_EX_DATAERR, 1, "the header has no 'name' column");
	crm_progress_init(&p, crm_opts_progress(&a->ctx.o), "customers", 0);
	while (crm_tsv_read(t) > 0) {
		if (crm_tsv_nfields(t) == 1 && !crm_tsv_field(t, 0) &&
		    crm_tsv_record_error(t, &e) == 0)
			continue; /* a blank line */
		f.given = 0;
		for (int k = 0; k < CRM_NCOLS; k++) {
			f.v[k] = crm_tsv_field(t, map[k]);
			if (map[k] >= 0)
				f.given |= 1u << k;
		}
		if (crm_tsv_record_error(t, &e) < 0 ||
		    add_one(a, &f, crm_tsv_line(t), &e) < 0) {
			if (!a->keep_going)
				crm_die_line(e.status, crm_tsv_line(t), "%s",
					     e.msg);
			crm_warn_line(crm_tsv_line(t), "%s", e.msg);
			a->bad++;
			continue;
		}
		crm_progress_tick(&p, ++a->done);
	}
	crm_progress_end(&p);
done:
	crm_tsv_close(t);
}

static void
copy_ids(FILE *ids)
{
	char buf[8192];
	size_t n;

	rewind(ids);
	while ((n = fread(buf, 1, sizeof buf, ids)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(ids))
		crm_die(CRM_EX_IOERR, "cannot read back the new ids");
	fclose(ids);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct add a;
	struct crm_fields f;
	struct crm_err e;
	const char *rules = NULL;
	int c;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&a, 0, sizeof a);
	memset(&f, 0, sizeof f);
	crm_opts_init(&a.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (c >= OPT_FIELD && c < OPT_FIELD + CRM_NCOLS) {
			f.v[c - OPT_FIELD] = optarg;
			f.given |= 1u << (c - OPT_FIELD);
		} else if (c == OPT_UPDATE)
			a.update = 1;
		else if (c == OPT_KEEP_GOING)
			a.keep_going = 1;
		else if (c == OPT_RULES)
			rules = optarg;
		else if (!crm_opts_handle(&a.ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	if (optind != argc) {
		crm_warn("unexpected argument '%s' (options name the fields)",
			 argv[optind]);
		usage(CRM_EX_USAGE);
	}
	/* option arguments are checked as options: a bad one is 64 */
	if (f.v[CRM_COL_ID])
		crm_opt_int("--id", f.v[CRM_COL_ID], 1, INT64_MAX);
	if (f.v[CRM_COL_REFERRED_BY])
		crm_opt_int("--referred-by", f.v[CRM_COL_REFERRED_BY], 1,
			    INT64_MAX);
	if (f.v[CRM_COL_CREATED])
		crm_opt_date("--created", f.v[CRM_COL_CREATED]);
	/* text that is not text is bad data (65), as it is on stdin */
	crm_opt_fields_text(g.longopts, OPT_FIELD, &f);
	if (f.given && !f.v[CRM_COL_NAME] && !a.update)
		crm_die(CRM_EX_USAGE, "--name is required");
	if (f.v[CRM_COL_NAME] && !*f.v[CRM_COL_NAME])
		crm_die(CRM_EX_USAGE, "--name: a customer needs a name");
	if (f.given && rules)
		crm_die(CRM_EX_USAGE, "--rules goes with the bulk form");
	if (!f.given && isatty(STDIN_FILENO)) {
		crm_warn("no customers: give --name or pipe a TSV in");
		usage(CRM_EX_USAGE);
	}
	if (rules)
		a.rules = crm_rules_load(rules, crm_customer_cols, CRM_NCOLS);
	/* -n with rules shows what they make, without a database, so rules
	 * can be tried before the first crm-init */
	if (rules && a.ctx.o.dry_run) {
		a.bad = crm_rules_print(stdin, stdout, a.rules, a.keep_going);
		goto out;
	}
	a.ids = tmpfile();
	if (!a.ids)
		crm_die(CRM_EX_CANTCREAT, "cannot make a temporary file: %s",
			strerror(errno));
	crm_ctx_open(&a.ctx, CRM_DB_WRITE);
	crm_db_begin(a.ctx.db);
	if (f.given) {
		if (add_one(&a, &f, 0, &e) < 0)
			crm_die(e.status, "%s", e.msg);
	} else
		add_bulk(&a);
	copy_ids(a.ids);
	crm_ctx_commit(&a.ctx);
	if (!f.given && !a.ctx.o.dry_run)
		crm_db_checkpoint(a.ctx.db);
	crm_ctx_close(&a.ctx);
out:
	crm_rules_free(a.rules);
	crm_close_stdout();
	if (a.bad)
		crm_warn("%lld line%s skipped", a.bad, a.bad == 1 ? "" : "s");
	return a.bad ? CRM_EX_DATAERR : 0;
}
