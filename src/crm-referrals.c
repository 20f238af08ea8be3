/* crm-referrals - who brought whom, what they are worth, who to thank */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum { OPT_TREE = CRM_OPT_FIRST_LOCAL, OPT_UNTHANKED };

static const struct crm_optdef opts[] = {
	{"tree", 1, OPT_TREE, "ID", "print the tree of a customer"},
	{"unthanked", 0, OPT_UNTHANKED, NULL,
	 "referrers with referrals no thank covers"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-referrals [--as-of DATE] [-H|--no-header] "
	"[--format tsv|csv|json] [-q|--quiet] [--progress] [--db FILE] "
	"[--config FILE] [-]",
	"crm-referrals --tree ID [--as-of DATE] [-H] [--format F]",
	"crm-referrals --unthanked [--as-of DATE] [-H] [--format F] [-]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct run {
	struct crm_ctx ctx;
	crm_day as_of;
	int only_selection;
	struct crm_out out;
	/* --unthanked with `-`: the customers read, sorted */
	long long *ids;
	size_t nids, capids;
};

/* ---- the summary: per referrer, bottom-up over the forest ----------- */

static int
summary(struct run *r)
{
	static const char *const cols[] = {"id",	   "name",
					   "referrals",	   "tree_size",
					   "direct_value", "tree_value"};
	int d = r->ctx.cfg.minor_digits;
	struct crm_forest f;
	struct crm_referral_customer c;
	size_t i, left;

	crm_db_forest_load(r->ctx.db, r->as_of, &f);
	if (r->only_selection)
		crm_each_stdin(r->ctx.db, crm_forest_mark, &f);
	left = crm_forest_sum(&f);
	crm_out_begin(&r->out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 6);
	for (i = 0; i < f.n; i++) {
		if (!crm_forest_listed(&f, i, r->only_selection))
			continue;
		crm_out_int(&r->out, f.id[i]);
		if (crm_db_referral_customer(r->ctx.db, f.id[i], r->as_of, &c))
			crm_out_str(&r->out, c.name);
		else
			crm_out_null(&r->out);
		crm_out_int(&r->out, f.count[i]);
		crm_out_int(&r->out, f.count2[i]);
		crm_out_money(&r->out, f.value2[i], d);
		crm_out_money(&r->out, f.value[i], d);
		crm_out_end_row(&r->out);
	}
	if (f.dangling)
		crm_warn("%lld customers name a referrer who is not a customer; "
			 "they count as brought by nobody", f.dangling);
	crm_forest_release(&f);
	if (left) {
		crm_warn("%zu customers are on a referral cycle and are left "
			 "out: the database is damaged", left);
		return CRM_EX_DATAERR;
	}
	return 0;
}

/* ---- --tree: depth first, children by id, with an explicit stack ------ */

static void
tree_row(struct run *r, size_t depth, const struct crm_referral_customer *c)
{
	crm_out_int(&r->out, (long long)depth);
	crm_out_int(&r->out, c->id);
	crm_out_str(&r->out, c->name);
	if (c->referred_by)
		crm_out_int(&r->out, c->referred_by);
	else
		crm_out_null(&r->out);
	crm_out_end_row(&r->out);
}

/*
 * The stack holds the path from the root to the current customer and,
 * for each, the last child visited: the next child is the first one
 * after it.  So the memory is the depth, never the number of children,
 * and a chain of a million is a million small frames, not a million C
 * calls.
 */
struct frame {
	long long id, last;
};

static int
tree(struct run *r, long long root)
{
	static const char *const cols[] = {"depth", "id", "name", "referred_by"};
	struct crm_referral_customer c;
	struct frame *stack;
	size_t depth = 0, cap = 256;
	int cycle = 0;

	if (!crm_db_referral_customer(r->ctx.db, root, r->as_of, &c))
		crm_die(CRM_EX_NOINPUT, "no customer with id '%lld'", root);
	if (!c.exists) {
		char date[CRM_DATE_BUFSZ];

		crm_die(CRM_EX_NOINPUT, "customer %lld did not exist on %s",
			root, crm_date_format(r->as_of, date));
	}
	crm_out_begin(&r->out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 4);
	tree_row(r, 0, &c);
	stack = crm_xmalloc(cap * sizeof *stack);
	stack[0].id = root;
	stack[0].last = 0;
	for (;;) {
		struct frame *top = &stack[depth];

		if (!crm_db_referral_next_child(r->ctx.db, top->id, top->last,
						r->as_of, &c)) {
			if (depth-- == 0)
				break;
			continue;
		}
		top->last = c.id;
		/* every customer has one referrer, so going down can only
		 * come back to the root, and only on a cycle */
		if (c.id == root) {
			cycle = 1;
			continue;
		}
		tree_row(r, depth + 1, &c);
		if (++depth == cap) {
			cap *= 2;
			stack = crm_xrealloc(stack, cap * sizeof *stack);
		}
		stack[depth].id = c.id;
		stack[depth].last = 0;
	}
	free(stack);
	if (cycle) {
		crm_warn("customer %lld is on a referral cycle: the database is "
			 "damaged", root);
		return CRM_EX_DATAERR;
	}
	return 0;
}

/* ---- --unthanked -------------------------------------------------------- */

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static void
mark_id(long long id, void *arg)
{
	struct run *r = arg;

	if (r->nids == r->capids) {
		r->capids = r->capids ? r->capids * 2 : 256;
		r->ids = crm_xrealloc(r->ids, r->capids * sizeof *r->ids);
	}
	r->ids[r->nids++] = id;
}

static int
is_marked(const struct run *r, long long id)
{
	/* nothing read: ids is null, which bsearch must not be given */
	return r->nids &&
	       bsearch(&id, r->ids, r->nids, sizeof *r->ids, id_cmp) != NULL;
}

/* One referrer's referrals, counted as they stream by. */
struct referrer {
	long long id, unthanked;
	crm_day last_referral, last_thanked;
	int thanked;
};

static void
unthanked_row(struct run *r, const struct referrer *g)
{
	struct crm_referral_customer c;
	char date[CRM_DATE_BUFSZ];

	if (!g->unthanked || (r->only_selection && !is_marked(r, g->id)))
		return;
	if (!crm_db_referral_customer(r->ctx.db, g->id, r->as_of, &c) ||
	    !c.exists)
		return;
	crm_out_int(&r->out, g->id);
	crm_out_str(&r->out, c.name);
	crm_out_int(&r->out, g->unthanked);
	crm_out_str(&r->out, crm_date_format(g->last_referral, date));
	crm_out_str(&r->out, g->thanked ? crm_date_format(g->last_thanked, date)
					: NULL);
	crm_out_end_row(&r->out);
}

/*
 * A referral is dated by the referred customer's creation; a thank dated
 * on or after it covers it.  So a referrer's referrals not covered are
 * those created after the last thanks up to --as-of.
 */
static int
unthanked(struct run *r)
{
	static const char *const cols[] = {"id", "name", "unthanked",
					   "last_referral", "last_thanked"};
	struct crm_db_iter *it;
	struct crm_referral_customer c;
	struct referrer g = {0};

	if (r->only_selection) {
		crm_each_stdin(r->ctx.db, mark_id, r);
		crm_sort(r->ids, r->nids, sizeof *r->ids, id_cmp);
	}
	crm_out_begin(&r->out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 5);
	it = crm_db_referrals(r->ctx.db, r->as_of);
	while (crm_db_referrals_next(it, &c)) {
		if (c.referred_by != g.id) {
			if (g.id)
				unthanked_row(r, &g);
			memset(&g, 0, sizeof g);
			g.id = c.referred_by;
			g.thanked = crm_db_last_thanks(r->ctx.db, g.id, r->as_of,
						       &g.last_thanked);
			g.last_referral = c.created;
		}
		if (!g.thanked || c.created > g.last_thanked)
			g.unthanked++;
		if (c.created > g.last_referral)
			g.last_referral = c.created;
	}
	if (g.id)
		unthanked_row(r, &g);
	crm_db_iter_free(it);
	free(r->ids);
	return 0;
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct run r;
	long long root = 0;
	int c, want_unthanked = 0, status;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&r, 0, sizeof r);
	crm_opts_init(&r.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_TREE:
			root = crm_opt_int("--tree", optarg, 1, INT64_MAX);
			break;
		case OPT_UNTHANKED:
			want_unthanked = 1;
			break;
		default:
			if (!crm_opts_handle(&r.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	if (root && want_unthanked)
		crm_die(CRM_EX_USAGE, "--tree and --unthanked cannot be combined");
	r.only_selection = crm_report_operand(argc, argv, optind, usage);
	if (root && r.only_selection)
		crm_die(CRM_EX_USAGE, "--tree takes no '-' operand");
	crm_ctx_open(&r.ctx, CRM_DB_READ);
	r.as_of = crm_ctx_as_of(&r.ctx);
	crm_db_snapshot_begin(r.ctx.db);
	if (root)
		status = tree(&r, root);
	else if (want_unthanked)
		status = unthanked(&r);
	else
		status = summary(&r);
	crm_db_snapshot_end(r.ctx.db);
	crm_ctx_close(&r.ctx);
	crm_close_stdout();
	return status;
}
