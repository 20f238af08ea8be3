/* crm-bonus - loyalty cards: does this card earn bonus, and how much */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum { OPT_LIST = CRM_OPT_FIRST_LOCAL, OPT_REDEEM, OPT_DATE };

static const struct crm_optdef opts[] = {
	{"list", 0, OPT_LIST, NULL, "list every card"},
	{"redeem", 1, OPT_REDEEM, "CARD", "redeem AMOUNT from a card"},
	{"date", 1, OPT_DATE, "DATE", "date of the redemption (YYYY-MM-DD)"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	CRM_OPTDEFS_WRITE,
	{0}};
static const char *const synopsis[] = {
	"crm-bonus [--as-of DATE] [-H|--no-header] "
	"[--format tsv|csv|json] CARD",
	"crm-bonus --list [--as-of DATE] [-H] [--format F]",
	"crm-bonus --redeem CARD AMOUNT [--date DATE] [-n|--dry-run]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

static const char *const cols[] = {"card",          "id",     "name",
				   "category",      "earns",
				   "bonus_percent", "balance"};

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
	crm_out_end_row(o);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct crm_ctx ctx;
	struct crm_out out;
	struct crm_bonus b;
	struct crm_err e;
	const char *redeem = NULL, *date = NULL, *why;
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
		else if (!crm_opts_handle(&ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	argc -= optind;
	argv += optind;
	if (list && redeem) {
		crm_warn("--list and --redeem cannot be combined");
		usage(CRM_EX_USAGE);
	}
	if (list && argc > 0) {
		crm_warn("unexpected argument '%s' (--list takes no CARD)",
			 argv[0]);
		usage(CRM_EX_USAGE);
	}
	if (!list && argc == 0) {
		if (redeem)
			crm_warn("missing AMOUNT after --redeem %s", redeem);
		else
			crm_warn("missing CARD (or --list)");
		usage(CRM_EX_USAGE);
	}
	if (argc > 1) {
		crm_warn("unexpected argument '%s'", argv[1]);
		usage(CRM_EX_USAGE);
	}
	crm_ctx_open(&ctx, redeem ? CRM_DB_WRITE : CRM_DB_READ);
	as_of = crm_ctx_as_of(&ctx);
	if (list) {
		crm_out_begin(&out, stdout, ctx.o.format, ctx.o.header, cols, 7);
		struct crm_db_iter *it = crm_db_bonus_list(ctx.db, as_of);

		while (crm_db_bonus_next(it, &b))
			put_row(&out, &b, ctx.cfg.minor_digits);
		crm_db_iter_free(it);
	} else if (redeem) {
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
		crm_out_begin(&out, stdout, ctx.o.format, ctx.o.header, cols, 7);
		put_row(&out, &b, ctx.cfg.minor_digits);
		crm_ctx_commit(&ctx);
	} else {
		if (!crm_db_bonus_card(ctx.db, argv[0], as_of, &b))
			crm_die(CRM_EX_NOINPUT, "no customer with card '%s'",
				argv[0]);
		crm_out_begin(&out, stdout, ctx.o.format, ctx.o.header, cols, 7);
		put_row(&out, &b, ctx.cfg.minor_digits);
	}
	crm_ctx_close(&ctx);
	crm_close_stdout();
	return 0;
}
