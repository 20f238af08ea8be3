/* crm-bonus - loyalty cards: does this card earn bonus, and how much */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum { OPT_LIST = CRM_OPT_FIRST_LOCAL, OPT_REDEEM, OPT_DATE, OPT_STATEMENT };

static const struct crm_optdef opts[] = {
	{"list", 0, OPT_LIST, NULL, "list every card"},
	{"redeem", 1, OPT_REDEEM, "CARD", "redeem AMOUNT from a card"},
	{"date", 1, OPT_DATE, "DATE", "date of the redemption (YYYY-MM-DD)"},
	{"statement", 1, OPT_STATEMENT, "CARD",
	 "the card's ledger with the balance after each line"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	CRM_OPTDEFS_WRITE,
	{0}};
static const char *const synopsis[] = {
	"crm-bonus [--as-of DATE] [-H|--no-header] "
	"[--format tsv|csv|json] [CARD...]",
	"crm-bonus --list [--as-of DATE] [-H] [--format F]",
	"crm-bonus --statement CARD [--as-of DATE] [-H] [--format F]",
	"crm-bonus --redeem CARD AMOUNT [--date DATE] [-n|--dry-run]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

/* discount and prepay come after the columns scripts already read */
static const char *const cols[] = {"card",     "id",      "name",
				   "category", "earns",   "bonus_percent",
				   "balance",  "discount", "prepay"};
enum { NCOLS = sizeof cols / sizeof *cols };
static const char *const statement_cols[] = {"date", "kind", "ref", "amount",
					     "balance"};

static void
put_row(struct crm_out *o, const struct crm_bonus *b, int digits)
{
	char buf[CRM_MONEY_BUFSZ];

	crm_out_str(o, b->card);
	crm_out_int(o, b->id);
	crm_out_str(o, b->name);
	crm_out_str(o, b->category);
	crm_out_str(o, b->percent > 0 ? "yes" : "no");
	crm_out_num(o, crm_percent_format(b->percent, buf));
	crm_out_money(o, b->balance, digits);
	crm_out_num(o, crm_percent_format(b->discount, buf));
	crm_out_str(o, b->prepay ? "yes" : "no");
	crm_out_end_row(o);
}

/* The customers of the cards named, in order, all looked up before a row
 * is printed: an unknown card prints nothing. */
struct cards {
	long long *id;
	size_t n, cap;
};

static void
add_card(long long id, void *arg)
{
	struct cards *c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->id = crm_xrealloc(c->id, c->cap * sizeof *c->id);
	}
	c->id[c->n++] = id;
}

static void
show_cards(struct crm_ctx *ctx, int argc, char **argv, crm_day as_of)
{
	struct cards c = {0};
	struct crm_out out;
	struct crm_bonus b;

	crm_each_id(ctx->db, CRM_KEY_CARD, argc, argv, add_card, &c);
	crm_out_begin(&out, stdout, ctx->o.format, ctx->o.header, cols, NCOLS);
	for (size_t i = 0; i < c.n; i++) {
		crm_db_bonus_customer(ctx->db, c.id[i], as_of, &b);
		put_row(&out, &b, ctx->cfg.minor_digits);
	}
	free(c.id);
}

static void
show_statement(struct crm_ctx *ctx, const char *card, crm_day as_of)
{
	struct crm_bonus_line l = {0};
	struct crm_db_iter *it;
	struct crm_out out;
	char day[16];
	long long id = crm_db_customer_find(ctx->db, CRM_KEY_CARD, card);

	if (!id)
		crm_die(CRM_EX_NOINPUT, "no customer with card '%s'", card);
	crm_out_begin(&out, stdout, ctx->o.format, ctx->o.header,
		      statement_cols, 5);
	it = crm_db_bonus_ledger(ctx->db, id, as_of);
	while (crm_bonus_statement_next(it, &l)) {
		crm_out_str(&out, crm_date_format(l.day, day));
		crm_out_str(&out, l.kind);
		crm_out_str(&out, l.ref);
		crm_out_money(&out, l.amount, ctx->cfg.minor_digits);
		crm_out_money(&out, l.balance, ctx->cfg.minor_digits);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_out out;
	struct crm_bonus b;
	struct crm_err e;
	const char *redeem = NULL, *date = NULL, *statement = NULL, *why;
	int c, list = 0;
	crm_day as_of;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	crm_opts_init(&ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (c == OPT_LIST)
			list = 1;
		else if (c == OPT_REDEEM)
			redeem = optarg;
		else if (c == OPT_DATE)
			date = optarg;
		else if (c == OPT_STATEMENT)
			statement = optarg;
		else if (!crm_opts_handle(&ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	argc -= optind;
	argv += optind;
	if (list + !!redeem + !!statement > 1) {
		crm_warn("--list, --redeem and --statement cannot be combined");
		usage(CRM_EX_USAGE);
	}
	if ((list || statement) && argc > 0) {
		crm_warn("unexpected argument '%s' (--%s takes no CARD operand)",
			 argv[0], list ? "list" : "statement");
		usage(CRM_EX_USAGE);
	}
	if (redeem && argc != 1) {
		if (argc == 0)
			crm_warn("missing AMOUNT after --redeem %s", redeem);
		else
			crm_warn("unexpected argument '%s'", argv[1]);
		usage(CRM_EX_USAGE);
	}
	if (!list && !redeem && !statement && argc == 0 &&
	    isatty(STDIN_FILENO)) {
		crm_warn("missing CARD (or --list)");
		usage(CRM_EX_USAGE);
	}
	crm_ctx_open(&ctx, redeem ? CRM_DB_WRITE : CRM_DB_READ);
	as_of = crm_ctx_as_of(&ctx);
	if (list) {
		crm_out_begin(&out, stdout, ctx.o.format, ctx.o.header, cols,
			      NCOLS);
		struct crm_db_iter *it = crm_db_bonus_list(ctx.db, as_of);

		while (crm_db_bonus_next(it, &b))
			put_row(&out, &b, ctx.cfg.minor_digits);
		crm_db_iter_free(it);
	} else if (statement)
		show_statement(&ctx, statement, as_of);
	else if (redeem) {
		crm_money amount;
		crm_day day = date ? crm_opt_date("--date", date) : crm_today();

		if (crm_money_parse(argv[0], ctx.cfg.minor_digits, &amount,
				    &why) < 0 || amount <= 0)
			crm_die(CRM_EX_USAGE, "amount '%s' %s", argv[0],
				amount <= 0 ? "must be positive" : why);
		crm_db_begin(ctx.db);
		if (!crm_db_bonus_card(ctx.db, redeem, INT32_MAX, &b))
			crm_die(CRM_EX_NOINPUT, "no customer with card '%s'",
				redeem);
		if (crm_bonus_redeem(ctx.db, b.id, amount, day,
				     ctx.cfg.minor_digits, &e) < 0)
			crm_die(e.status, "card '%s': %s", redeem, e.msg);
		crm_db_bonus_card(ctx.db, redeem, INT32_MAX, &b);
		crm_out_begin(&out, stdout, ctx.o.format, ctx.o.header, cols,
			      NCOLS);
		put_row(&out, &b, ctx.cfg.minor_digits);
		crm_ctx_commit(&ctx);
	} else
		show_cards(&ctx, argc, argv, as_of);
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
