/* crm-sale - record purchases and returns, one or a night's worth */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_DATE = CRM_OPT_FIRST_LOCAL,
	OPT_COST,
	OPT_REF,
	OPT_ITEM,
	OPT_UNPAID,
	OPT_RETURNS,
	OPT_PAY,
	OPT_KEEP_GOING,
	OPT_REASON,
	OPT_STAFF,
	OPT_RULES,
	OPT_VERBOSE
};

/* the columns of the bulk input */
enum {
	IN_CUSTOMER,
	IN_CARD,
	IN_EMAIL,
	IN_DATE,
	IN_AMOUNT,
	IN_COST,
	IN_REF,
	IN_ITEM,
	IN_PAID,
	IN_RETURNS,
	IN_REASON,
	IN_STAFF,
	IN_NCOLS
};
static const char *const in_cols[IN_NCOLS] = {
	"customer", "card", "email",   "date",   "amount", "cost",
	"ref",      "item", "paid",    "returns", "reason", "staff"};

static const struct crm_optdef opts[] = {
	{"date", 1, OPT_DATE, "DATE",
	 "date of the sale or payment (YYYY-MM-DD)"},
	{"cost", 1, OPT_COST, "AMOUNT", "cost of the goods"},
	{"ref", 1, OPT_REF, "REF", "invoice number"},
	{"item", 1, OPT_ITEM, "TEXT", "what was bought"},
	{"unpaid", 0, OPT_UNPAID, NULL, "a sale on credit"},
	{"returns", 1, OPT_RETURNS, "REF", "the sale this return gives back"},
	{"pay", 1, OPT_PAY, "REF", "mark a sale on credit as paid"},
	{"keep-going", 0, OPT_KEEP_GOING, NULL,
	 "skip bad lines, record the good ones"},
	{"reason", 1, OPT_REASON, "TEXT",
	 "why a return came back (a complaint)"},
	{"staff", 1, OPT_STAFF, "NAME", "who served the customer"},
	{"rules", 1, OPT_RULES, "FILE",
	 "read a foreign export as FILE says (crm-rules(5))"},
	{"verbose", 0, 'v', NULL,
	 "list each return the bonus balance could not cover"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_WRITE,
	CRM_OPTDEFS_KEY,
	{0}};
static const char *const synopsis[] = {
	"crm-sale [--key id|card|email] [--date DATE] [--cost AMOUNT] "
	"[--ref REF] [--item TEXT] [--unpaid] [--returns REF] "
	"[--reason TEXT] [--staff NAME] [-n|--dry-run] [-q|--quiet] "
	"ID AMOUNT",
	"crm-sale [--key id|card|email] [--keep-going] [-n|--dry-run] "
	"[-q|--quiet] [-v|--verbose] [--progress] < sales.tsv",
	"crm-sale --rules FILE [--key id|card|email] [--keep-going] "
	"[-n|--dry-run] [-q|--quiet] [-v|--verbose] [--progress] < export",
	"crm-sale --pay REF [--date DATE]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct run {
	struct crm_ctx ctx;
	char **args; /* argv rearranged, till the end */
	struct crm_sale_batch *batch; /* here, reachable when a line dies */
	struct crm_rules *rules;      /* --rules: the export's */
	int keep_going, verbose;
	long long added, skipped, bad, short_returns;
};

/* Resolve a customer named in the input; 0 with e set when unknown. */
static long long
customer_of(struct run *r, enum crm_key key, const char *v, struct crm_err *e)
{
	long long id;
	const char *why;

	/* an id is looked up once, by the sale itself (66 there) */
	if (key == CRM_KEY_ID) {
		if (crm_int_parse(v, 1, INT64_MAX, &id, &why) == 0)
			return id;
		crm_err_set(e, CRM_EX_DATAERR, "customer id '%s' %s", v, why);
		return 0;
	}
	id = crm_db_customer_find(r->ctx.db, key, v);

	if (!id)
		crm_err_set(e, CRM_EX_NOINPUT, "no customer with %s '%s'",
			    key == CRM_KEY_CARD    ? "card"
			    : key == CRM_KEY_EMAIL ? "e-mail"
						   : "id",
			    v);
	return id;
}

static int
parse_row(struct run *r, const struct crm_tsv *t, const int *map,
	  enum crm_key key, struct crm_sale *s, const char **reason,
	  struct crm_err *e)
{
	const char *v, *why;
	int digits = r->ctx.cfg.minor_digits;

	memset(s, 0, sizeof *s);
	*reason = NULL;
	if (!(v = crm_tsv_field(t, map[key])))
		return crm_err_set(e, CRM_EX_DATAERR, "no %s", in_cols[key]);
	if (!(s->customer = customer_of(r, (enum crm_key)key, v, e)))
		return -1;
	v = crm_tsv_field(t, map[IN_DATE]);
	if (crm_date_parse(v, &s->day, &why) < 0)
		return crm_err_set(e, CRM_EX_DATAERR, "date '%s' %s",
				   v ? v : "", why);
	v = crm_tsv_field(t, map[IN_AMOUNT]);
	if (crm_money_parse(v, digits, &s->amount, &why) < 0)
		return crm_err_set(e, CRM_EX_DATAERR, "amount '%s' %s",
				   v ? v : "", why);
	if ((v = crm_tsv_field(t, map[IN_COST]))) {
		if (crm_money_parse(v, digits, &s->cost, &why) < 0)
			return crm_err_set(e, CRM_EX_DATAERR, "cost '%s' %s", v,
					   why);
		s->has_cost = 1;
	}
	s->ref = crm_tsv_field(t, map[IN_REF]);
	s->item = crm_tsv_field(t, map[IN_ITEM]);
	s->returns_ref = crm_tsv_field(t, map[IN_RETURNS]);
	s->staff = crm_tsv_field(t, map[IN_STAFF]); /* trimmed when stored */
	if ((v = crm_tsv_field(t, map[IN_PAID]))) {
		if (!strcmp(v, "no") || !strcmp(v, "0"))
			s->unpaid = 1;
		else if (strcmp(v, "yes") && strcmp(v, "1"))
			return crm_err_set(e, CRM_EX_DATAERR,
					   "paid '%s' is not yes or no", v);
	}
	if ((*reason = crm_tsv_field(t, map[IN_REASON])) && s->amount >= 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a reason goes with a return (a negative "
				   "amount)");
	return 0;
}

/* exactly one of customer, card, email names the customer */
static int
key_column(const int *map)
{
	int key = -1;

	for (int k = IN_CUSTOMER; k <= IN_EMAIL; k++) {
		if (map[k] < 0)
			continue;
		if (key >= 0)
			crm_die_line(CRM_EX_DATAERR, 1,
				     "give one of the columns customer, card, "
				     "email, not both '%s' and '%s'",
				     in_cols[key], in_cols[k]);
		key = k;
	}
	if (key < 0)
		crm_die_line(CRM_EX_DATAERR, 1,
			     "the header needs a customer, card or email column");
	return key;
}

static void
sale_bulk(struct run *r)
{
	struct crm_tsv *t = r->rules ? crm_tsv_open_rules(stdin, r->rules)
				     : crm_tsv_open(stdin);
	struct crm_sale_batch *b;
	struct crm_progress p;
	struct crm_sale s;
	struct crm_err e;
	const char *reason;
	int map[IN_NCOLS], key;

	if (crm_tsv_read(t) == 0) {
		crm_tsv_close(t);
		return;
	}
	if (crm_tsv_map_header(t, in_cols, IN_NCOLS, map, &e) < 0)
		crm_die_line(e.status, 1, "%s (columns: customer card email date "
			     "amount cost ref item paid returns reason staff)",
			     e.msg);
	key = key_column(map);
	if (map[IN_DATE] < 0 || map[IN_AMOUNT] < 0)
		crm_die_line(CRM_EX_DATAERR, 1,
			     "the header needs the columns date and amount");
	crm_progress_init(&p, crm_opts_progress(&r->ctx.o), "sales", 0);
	b = r->batch = crm_sale_batch_new(r->ctx.db, r->keep_going, &p);
	crm_sale_batch_verbose(b, r->verbose);
	while (crm_tsv_read(t) > 0) {
		long line = crm_tsv_line(t);

		if (crm_tsv_record_error(t, &e) < 0)
			crm_sale_batch_reject(b, line, &e);
		else if (crm_tsv_nfields(t) == 1 && !crm_tsv_field(t, 0))
			continue;
		else if (parse_row(r, t, map, (enum crm_key)key, &s, &reason,
				   &e) == 0)
			crm_sale_batch_add(b, line, &s, reason);
		else
			crm_sale_batch_reject(b, line, &e);
	}
	crm_sale_batch_end(b);
	crm_sale_batch_counts(b, &r->added, &r->skipped, &r->bad);
	r->short_returns = crm_sale_batch_short_returns(b);
	crm_sale_batch_free(b);
	r->batch = NULL;
	crm_progress_end(&p);
	crm_tsv_close(t);
	if (!r->ctx.o.quiet)
		crm_warn("%lld added, %lld already recorded%s", r->added,
			 r->skipped, r->ctx.o.dry_run ? " (dry run)" : "");
	/* a warning, so even with -q: one line, the details with -v */
	if (r->short_returns)
		crm_warn("%lld return%s took back more bonus than the balance "
			 "held", r->short_returns,
			 r->short_returns == 1 ? "" : "s");
	/* once a run that recorded something, even with -q: a cron job
	 * that mails stderr says it every night until the till exports its
	 * refs */
	if (map[IN_REF] < 0 && r->added > 0)
		crm_warn("no ref column: running this input again records its "
			 "sales again");
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct run r;
	struct crm_sale s;
	struct crm_err e;
	const char *date = NULL, *cost = NULL, *pay = NULL, *reason = NULL, *why;
	const char *rules = NULL;
	char warn[256];
	int c, single;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&r, 0, sizeof r);
	r.args = argv = crm_opts_negatives(&argc, argv, g.longopts);
	memset(&s, 0, sizeof s);
	crm_opts_init(&r.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_COST:
			cost = optarg;
			break;
		case OPT_REF:
			s.ref = crm_opt_text("--ref", optarg);
			break;
		case OPT_ITEM:
			s.item = crm_opt_text("--item", optarg);
			break;
		case OPT_UNPAID:
			s.unpaid = 1;
			break;
		case OPT_RETURNS:
			s.returns_ref = crm_opt_text("--returns", optarg);
			break;
		case OPT_PAY:
			pay = optarg;
			break;
		case OPT_KEEP_GOING:
			r.keep_going = 1;
			break;
		case OPT_REASON:
			reason = crm_opt_text("--reason", optarg);
			break;
		case OPT_STAFF:
			s.staff = crm_opt_text("--staff", optarg);
			break;
		case OPT_RULES:
			rules = optarg;
			break;
		case 'v':
			r.verbose = 1;
			break;
		default:
			if (!crm_opts_handle(&r.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	single = argc > 0;
	if (pay && argc > 0) {
		crm_warn("unexpected argument '%s' (--pay takes no ID AMOUNT)",
			 argv[0]);
		usage(CRM_EX_USAGE);
	}
	if (argc == 1) {
		crm_warn("missing AMOUNT after customer %s", argv[0]);
		usage(CRM_EX_USAGE);
	}
	if (argc > 2) {
		crm_warn("unexpected argument '%s'", argv[2]);
		usage(CRM_EX_USAGE);
	}
	if (!pay && !single && (cost || s.ref || s.item || s.unpaid ||
				s.returns_ref || date || reason || s.staff))
		crm_die(CRM_EX_USAGE, "--date, --cost, --ref, --item, --unpaid, "
			"--returns, --reason and --staff go with ID AMOUNT");
	if (pay && s.staff)
		crm_die(CRM_EX_USAGE, "--staff goes with a sale, not --pay");
	if (r.verbose && (pay || single))
		crm_die(CRM_EX_USAGE, "--verbose goes with the bulk form");
	if (rules && (pay || single))
		crm_die(CRM_EX_USAGE, "--rules goes with the bulk form");
	if (pay && reason)
		crm_die(CRM_EX_USAGE, "--reason goes with a return, not --pay");
	if (!pay && !single && isatty(STDIN_FILENO)) {
		crm_warn("no sales: give ID AMOUNT or pipe a TSV in");
		usage(CRM_EX_USAGE);
	}
	s.day = date ? crm_opt_date("--date", date) : crm_today();
	if (rules)
		r.rules = crm_rules_load(rules, in_cols, IN_NCOLS);
	/* -n with rules shows what they make, without a database, so rules
	 * can be tried before the first crm-init */
	if (rules && r.ctx.o.dry_run) {
		r.bad = crm_rules_print(stdin, stdout, r.rules, r.keep_going);
		goto out;
	}
	crm_ctx_open(&r.ctx, CRM_DB_WRITE);
	if (single) {
		int digits = r.ctx.cfg.minor_digits;

		if (crm_money_parse(argv[1], digits, &s.amount, &why) < 0)
			crm_die(CRM_EX_USAGE, "amount '%s' %s", argv[1], why);
		if (cost && crm_money_parse(cost, digits, &s.cost, &why) < 0)
			crm_die(CRM_EX_USAGE, "--cost: '%s' %s", cost, why);
		s.has_cost = cost != NULL;
		if (s.ref && !*s.ref)
			crm_die(CRM_EX_USAGE, "--ref: a ref cannot be empty");
		if (reason && (!*reason || s.amount >= 0))
			crm_die(CRM_EX_USAGE, "--reason: %s",
				*reason ? "a reason goes with a return (a "
					  "negative amount)"
					: "the reason is empty");
	}
	if (!pay && !single)
		crm_db_import_start(r.ctx.db);
	crm_db_begin(r.ctx.db);
	if (pay) {
		if (crm_sale_pay(r.ctx.db, pay, s.day, &e) < 0)
			crm_die(e.status, "%s", e.msg);
	} else if (single) {
		if (!(s.customer = customer_of(&r, r.ctx.o.key, argv[0], &e)))
			crm_die(e.status, "%s", e.msg);
		switch (crm_sale_record(r.ctx.db, NULL, &s, warn, sizeof warn,
					&e)) {
		case CRM_SALE_ERROR:
			crm_die(e.status, "%s", e.msg);
		case CRM_SALE_SKIPPED:
			if (!r.ctx.o.quiet)
				crm_warn("ref '%s' is already recorded", s.ref);
			break;
		case CRM_SALE_ADDED:
			if (reason &&
			    crm_db_note_return(r.ctx.db, &s, reason, &e) < 0)
				crm_die(e.status, "%s", e.msg);
			break;
		}
		if (warn[0])
			crm_warn("%s", warn);
	} else
		sale_bulk(&r);
	crm_ctx_commit(&r.ctx);
	if (!pay && !single && !r.ctx.o.dry_run)
		crm_db_checkpoint(r.ctx.db);
	crm_ctx_close(&r.ctx);
out:
	crm_rules_free(r.rules);
	free(r.args);
	crm_close_stdout();
	if (r.bad)
		crm_warn("%lld line%s skipped", r.bad, r.bad == 1 ? "" : "s");
	return r.bad ? CRM_EX_DATAERR : 0;
}
