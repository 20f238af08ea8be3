/* crm-note - complaints, praise, surveys, calls and notes: log, list, resolve */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum mode { ADD, REPLIES, OPEN, RESOLVE, SUMMARY, LIST };

enum {
	OPT_KIND = CRM_OPT_FIRST_LOCAL,
	OPT_TEXT,
	OPT_SCORE,
	OPT_DATE,
	OPT_OPEN,
	OPT_RESOLVE,
	OPT_SUMMARY,
	OPT_LIST,
	OPT_KEEP_GOING,
	OPT_STAFF,
	OPT_BY,
	OPT_RULES
};

static const struct crm_optdef opts[] = {
	{"kind", 1, OPT_KIND, "KIND",
	 "complaint, praise, survey, call or note"},
	{"text", 1, OPT_TEXT, "TEXT", "text of the new notes"},
	{"score", 1, OPT_SCORE, "1..5", "score of a survey"},
	{"date", 1, OPT_DATE, "DATE", "date of the notes or of the resolution"},
	{"open", 0, OPT_OPEN, NULL, "list the open complaints"},
	{"resolve", 1, OPT_RESOLVE, "NOTE_ID", "mark a complaint resolved"},
	{"summary", 0, OPT_SUMMARY, NULL,
	 "count the notes per kind, category, period"},
	{"list", 0, OPT_LIST, NULL, "list the notes"},
	{"keep-going", 0, OPT_KEEP_GOING, NULL,
	 "skip bad survey replies, record the good ones"},
	{"staff", 1, OPT_STAFF, "NAME", "who served the customer"},
	{"rules", 1, OPT_RULES, "FILE",
	 "read replies from an export as FILE says"},
	{"by", 1, OPT_BY, "GROUP",
	 "with --summary: per category or staff"},
	CRM_OPTDEFS_WINDOW,
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	CRM_OPTDEFS_WRITE,
	CRM_OPTDEFS_KEY,
	{0}};
static const char *const synopsis[] = {
	"crm-note [--kind complaint|praise|survey|call|note] [--text TEXT] "
	"[--score 1..5] [--date DATE] [--staff NAME] [--key id|card|email] "
	"[-n|--dry-run] [-q|--quiet] [ID...]",
	"crm-note --kind survey [--date DATE] [--staff NAME] [--keep-going] "
	"[--rules FILE] [-n|--dry-run] [-q|--quiet] < replies.tsv",
	"crm-note --open [--as-of DATE] [-H|--no-header] "
	"[--format tsv|csv|json]",
	"crm-note --resolve NOTE_ID [--date DATE] [-n|--dry-run]",
	"crm-note --summary [--by category|staff] "
	"[--period day|week|month|quarter|year|all] "
	"[--from DATE] [--to DATE] [--as-of DATE] [-H] [--format F]",
	"crm-note --list [--as-of DATE] [-H] [--format F] "
	"[--key id|card|email] [ID]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct run {
	struct crm_ctx ctx;
	enum mode mode;
	const char *resolve;
	struct crm_note n;
	const char *kind, *score, *date;
	int by_given, by_staff; /* --by, and whether it said staff */
	struct crm_window w;
	long long *ids; /* the new notes, printed after the commit */
	size_t nids, cap;
	int keep_going;
	long long unknown, bad; /* replies skipped: from no customer, bad */
	const char *rules_path;
	struct crm_rules *rules; /* --rules: the replies are an export */
};

static void
set_mode(struct run *r, enum mode m)
{
	if (r->mode != ADD)
		crm_die(CRM_EX_USAGE,
			"give one of --open, --resolve, --summary, --list");
	r->mode = m;
}

/* ---- adding ------------------------------------------------------------- */

static void
push_id(struct run *r, long long note)
{
	if (r->nids == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->ids = crm_xrealloc(r->ids, r->cap * sizeof *r->ids);
	}
	r->ids[r->nids++] = note;
}

static void
add_one(long long id, void *arg)
{
	struct run *r = arg;

	r->n.customer = id;
	push_id(r, crm_db_note_add(r->ctx.db, &r->n));
}

static void
add(struct run *r, int argc, char **argv)
{
	if (crm_each_id(r->ctx.db, r->ctx.o.key, argc, argv, add_one, r) < 0)
		crm_die(CRM_EX_USAGE, "no customers: give ids or pipe them in");
}

/* ---- survey replies in bulk ------------------------------------------- */

/* The one place the replies' reader is made */
static struct crm_tsv *
open_replies(struct run *r)
{
	if (r->rules)
		return crm_tsv_open_rules(stdin, r->rules);
	return crm_tsv_open(stdin);
}

static void
reply(struct run *r, struct crm_survey *s, const struct crm_tsv *t)
{
	struct crm_err e;
	long long note;

	if (crm_tsv_record_error(t, &e) < 0) {
		if (!r->keep_going)
			crm_die_line(e.status, crm_tsv_line(t), "%s", e.msg);
		crm_warn_line(crm_tsv_line(t), "%s", e.msg);
		r->bad++;
		return;
	}
	switch (crm_survey_reply(s, t, &note, &e)) {
	case CRM_SURVEY_RECORDED:
		push_id(r, note);
		break;
	case CRM_SURVEY_UNKNOWN:
		/* skipped by policy, not an error: see survey.c */
		crm_warn_line(crm_tsv_line(t), "%s", e.msg);
		r->unknown++;
		break;
	case CRM_SURVEY_ERROR:
		if (!r->keep_going)
			crm_die_line(e.status, crm_tsv_line(t), "%s", e.msg);
		crm_warn_line(crm_tsv_line(t), "%s", e.msg);
		r->bad++;
		break;
	}
}

static void
replies(struct run *r)
{
	struct crm_tsv *t = open_replies(r);
	struct crm_survey *s;
	struct crm_progress p;
	struct crm_err e;
	long long done = 0;

	if (crm_tsv_read(t) == 0) {
		crm_tsv_close(t);
		return; /* no input, no replies */
	}
	s = crm_survey_new(r->ctx.db, t, r->ctx.cfg.country_code, &r->n, &e);
	if (!s)
		crm_die_line(e.status, crm_tsv_line(t), "%s (columns: customer "
			     "card email phone date score text staff)", e.msg);
	crm_progress_init(&p, crm_opts_progress(&r->ctx.o), "replies", 0);
	while (crm_tsv_read(t) > 0) {
		if (crm_tsv_nfields(t) == 1 && !crm_tsv_field(t, 0))
			continue; /* a blank line */
		reply(r, s, t);
		crm_progress_tick(&p, ++done);
	}
	crm_progress_end(&p);
	crm_survey_free(s);
	crm_tsv_close(t);
}

/* After the commit: the counts, and the exit status. */
static int
replies_counted(const struct run *r)
{
	if (!r->ctx.o.quiet)
		crm_warn("%zu recorded, %lld skipped%s", r->nids,
			 r->unknown + r->bad,
			 r->ctx.o.dry_run ? " (dry run)" : "");
	/* as crm-sale and crm-add say theirs, even with -q: the run was
	 * not clean */
	if (r->bad)
		crm_warn("%lld bad line%s skipped", r->bad,
			 r->bad == 1 ? "" : "s");
	return r->bad ? CRM_EX_DATAERR : 0;
}

/* ---- listings ----------------------------------------------------------- */

static void
open_complaints(struct run *r)
{
	static const char *const cols[] = {"note", "id",   "name",    "date",
					   "kind", "text", "age_days"};
	crm_day as_of = crm_ctx_as_of(&r->ctx);
	struct crm_db_iter *it = crm_db_notes_open(r->ctx.db, as_of);
	struct crm_note_row n;
	struct crm_out out;
	char date[CRM_DATE_BUFSZ];

	crm_out_begin(&out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 7);
	while (crm_db_notes_next(it, &n)) {
		crm_out_int(&out, n.note);
		crm_out_int(&out, n.customer);
		crm_out_str(&out, n.name);
		crm_out_str(&out, crm_date_format(n.day, date));
		crm_out_str(&out, crm_note_kinds[n.kind]);
		crm_out_str(&out, n.text);
		crm_out_int(&out, as_of - n.day);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

static void
list(struct run *r, long long customer)
{
	/* staff came last (issue 15): scripts find columns by name, and
	 * those that count them still find the first eight in place */
	static const char *const cols[] = {"note",  "id",   "name",
					   "date",  "kind", "score",
					   "text",  "resolved", "staff"};
	struct crm_db_iter *it = crm_db_notes(r->ctx.db, customer,
					      crm_ctx_as_of(&r->ctx));
	struct crm_note_row n;
	struct crm_out out;
	char date[CRM_DATE_BUFSZ];

	crm_out_begin(&out, stdout, r->ctx.o.format, r->ctx.o.header, cols, 9);
	while (crm_db_notes_next(it, &n)) {
		crm_out_int(&out, n.note);
		crm_out_int(&out, n.customer);
		crm_out_str(&out, n.name);
		crm_out_str(&out, crm_date_format(n.day, date));
		crm_out_str(&out, crm_note_kinds[n.kind]);
		if (n.score)
			crm_out_int(&out, n.score);
		else
			crm_out_null(&out);
		crm_out_str(&out, n.text);
		crm_out_str(&out, n.has_resolved
					  ? crm_date_format(n.resolved, date)
					  : NULL);
		crm_out_str(&out, n.staff);
		crm_out_end_row(&out);
	}
	crm_db_iter_free(it);
}

/* ---- summary ------------------------------------------------------------ */

struct cell {
	long long kinds[CRM_NOTE_NKINDS];
	long long scored, score_sum;
};

struct cat {
	long long id;
	char *name;
	int live;
	struct cell *cells; /* one per period */
};

struct summary {
	struct cat *cats;
	int ncats;
	crm_day *starts;
	int nperiods;
};



static struct cat *
cat_find(struct summary *s, long long id)
{
	for (int i = 0; i < s->ncats; i++)
		if (s->cats[i].id == id)
			return &s->cats[i];
	return NULL;
}

static void
load_categories(struct summary *s, struct crm_db *db)
{
	struct crm_db_iter *it = crm_db_categories(db, 1);
	struct crm_category k;
	int cap = 0;

	while (crm_db_categories_next(it, &k)) {
		struct cat *c;

		if (s->ncats == cap) {
			cap = cap ? 2 * cap : 8;
			s->cats = crm_xrealloc(s->cats,
					       (size_t)cap * sizeof *s->cats);
		}
		c = &s->cats[s->ncats++];
		c->id = k.id;
		c->name = crm_xstrdup(k.name);
		c->live = !k.deleted;
		c->cells = crm_xmalloc((size_t)s->nperiods * sizeof *c->cells);
		memset(c->cells, 0, (size_t)s->nperiods * sizeof *c->cells);
	}
	crm_db_iter_free(it);
}

static int
cell_empty(const struct cell *x)
{
	for (int k = 0; k < CRM_NOTE_NKINDS; k++)
		if (x->kinds[k])
			return 0;
	return 1;
}

/* the mean score of a cell with two decimals, or an absent value */
static void
put_mean(struct crm_out *out, long long h)
{
	char mean[32];

	if (h < 0) {
		crm_out_null(out);
		return;
	}
	snprintf(mean, sizeof mean, "%lld.%02lld", h / 100, h % 100);
	crm_out_num(out, mean);
}

static void
put_summary(struct run *r, struct summary *s)
{
	static const char *const cols[] = {"period", "category",   "complaints",
					   "praise", "surveys",    "calls",
					   "notes",  "mean_score"};
	static const enum crm_note_kind order[] = {
		CRM_NOTE_COMPLAINT, CRM_NOTE_PRAISE, CRM_NOTE_SURVEY,
		CRM_NOTE_CALL, CRM_NOTE_NOTE};
	int all = r->w.period == CRM_PERIOD_ALL;
	struct crm_out out;
	char key[CRM_PERIOD_BUFSZ];

	crm_out_begin(&out, stdout, r->ctx.o.format, r->ctx.o.header,
		      all ? cols + 1 : cols, all ? 7 : 8);
	for (int p = 0; p < s->nperiods; p++)
		for (int i = 0; i < s->ncats; i++) {
			const struct cell *x = &s->cats[i].cells[p];

			/* a deleted category shows only where it has notes */
			if (!s->cats[i].live && cell_empty(x))
				continue;
			if (!all)
				crm_out_str(&out, crm_period_key(r->w.period,
								 s->starts[p],
								 key));
			crm_out_str(&out, s->cats[i].name);
			for (size_t k = 0; k < sizeof order / sizeof *order; k++)
				crm_out_int(&out, x->kinds[order[k]]);
			put_mean(&out, x->scored ? crm_div_round(
						 x->score_sum * 100, x->scored)
						 : -1);
			crm_out_end_row(&out);
		}
}

/* --summary --by staff: the notes that name nobody in the row whose
 * staff is empty, first, as crm-value --by staff lists their sales */
static void
summary_by_staff(struct run *r)
{
	static const char *const cols[] = {"period",	 "staff",
					   "surveys",	 "mean_score",
					   "complaints", "praise"};
	int all = r->w.period == CRM_PERIOD_ALL;
	struct crm_staff_table t;
	struct crm_out out;
	char key[CRM_PERIOD_BUFSZ];

	crm_staff_gather(r->ctx.db, &r->w, 0, &t);
	crm_out_begin(&out, stdout, r->ctx.o.format, r->ctx.o.header,
		      all ? cols + 1 : cols, all ? 5 : 6);
	for (int p = 0; p < t.nperiods; p++)
		for (int i = 0; i < t.n; i++) {
			const struct crm_staff_cell *x = &t.v[i].cells[p];

			if (!crm_staff_shown(&t, i, p))
				continue;
			if (!all)
				crm_out_str(&out, crm_period_key(r->w.period,
								 t.starts[p],
								 key));
			crm_out_str(&out, t.v[i].name);
			crm_out_int(&out, x->surveys);
			put_mean(&out, crm_staff_mean_hundredths(x));
			crm_out_int(&out, x->complaints);
			crm_out_int(&out, x->praise);
			crm_out_end_row(&out);
		}
	crm_staff_table_release(&t);
}

static void
summary(struct run *r)
{
	struct summary s = {0};
	struct crm_db_iter *it;
	struct crm_note_count c;
	crm_day as_of = crm_ctx_as_of(&r->ctx);

	crm_window_resolve(&r->w, as_of, crm_db_first_note_day(r->ctx.db), 0);
	if (r->w.from > r->w.to) {
		if (r->w.has_from)
			crm_die(CRM_EX_USAGE, "--from is after --to (or "
				"--as-of, the default --to)");
		r->w.from = r->w.to; /* every note is after --as-of */
	}
	if (r->by_staff) {
		summary_by_staff(r);
		return;
	}
	s.nperiods = crm_window_periods(&r->w, &s.starts);
	load_categories(&s, r->ctx.db);
	it = crm_db_note_counts(r->ctx.db, r->w.from, r->w.to);
	while (crm_db_note_counts_next(it, &c)) {
		struct cat *k = cat_find(&s, c.category);
		struct cell *x;

		if (!k)
			continue; /* cannot happen: customers have a category */
		x = &k->cells[crm_period_index(s.starts, s.nperiods, c.day)];
		x->kinds[c.kind] += c.n;
		x->scored += c.scored;
		x->score_sum += c.score_sum;
	}
	crm_db_iter_free(it);
	put_summary(r, &s);
	for (int i = 0; i < s.ncats; i++) {
		free(s.cats[i].name);
		free(s.cats[i].cells);
	}
	free(s.cats);
	free(s.starts);
}

/* ---- main --------------------------------------------------------------- */

/* options that go only with some forms */
static void
check_options(struct run *r, int argc)
{
	int window = r->w.has_period || r->w.has_from || r->w.has_to;

	if (r->mode == ADD && argc == 0 && r->kind &&
	    strcmp(r->kind, "survey") == 0 && !r->score)
		r->mode = REPLIES;
	if (r->mode == REPLIES && (r->n.text || r->ctx.o.key != CRM_KEY_ID))
		crm_die(CRM_EX_USAGE, "--text and --key go with customer "
			"operands; survey replies on standard input have "
			"their columns");
	if (r->rules_path && r->mode != REPLIES)
		crm_die(CRM_EX_USAGE, "--rules goes with survey replies on "
			"standard input");
	if (r->keep_going && r->mode != REPLIES)
		crm_die(CRM_EX_USAGE, "--keep-going goes with survey replies "
			"on standard input");
	if (r->mode == REPLIES && isatty(STDIN_FILENO))
		crm_die(CRM_EX_USAGE, "a survey needs --score 1..5 and "
			"customers, or its replies piped in");
	if (r->mode != ADD && r->mode != REPLIES &&
	    (r->kind || r->n.text || r->score))
		crm_die(CRM_EX_USAGE, "--kind, --text and --score go with "
			"adding a note");
	if (r->date && r->mode != ADD && r->mode != REPLIES &&
	    r->mode != RESOLVE)
		crm_die(CRM_EX_USAGE, "--date goes with adding a note or "
			"--resolve");
	if (r->n.staff && r->mode != ADD && r->mode != REPLIES)
		crm_die(CRM_EX_USAGE, "--staff goes with adding a note");
	if (r->by_given && r->mode != SUMMARY)
		crm_die(CRM_EX_USAGE, "--by goes with --summary");
	if (window && r->mode != SUMMARY)
		crm_die(CRM_EX_USAGE, "--period, --from and --to go with "
			"--summary");
	if (r->ctx.o.has_as_of &&
	    (r->mode == ADD || r->mode == REPLIES || r->mode == RESOLVE))
		crm_die(CRM_EX_USAGE, "--as-of goes with --open, --summary "
			"and --list");
	if ((r->mode == OPEN || r->mode == RESOLVE || r->mode == SUMMARY) &&
	    argc > 0)
		crm_die(CRM_EX_USAGE, "--open, --resolve and --summary take no "
			"operand");
	if (r->mode == LIST && argc > 1)
		crm_die(CRM_EX_USAGE, "--list takes at most one customer");
}

static void
parse_note(struct run *r)
{
	enum crm_note_kind kind = CRM_NOTE_NOTE;

	if (r->kind && crm_note_kind_parse(r->kind, &kind) < 0)
		crm_die(CRM_EX_USAGE, "--kind: '%s' is not one of complaint, "
			"praise, survey, call, note", r->kind);
	r->n.kind = kind;
	if (kind == CRM_NOTE_SURVEY && r->mode == REPLIES)
		; /* each reply has its score */
	else if (kind == CRM_NOTE_SURVEY) {
		if (!r->score)
			crm_die(CRM_EX_USAGE, "a survey needs --score 1..5");
		r->n.score = (int)crm_opt_int("--score", r->score, 1, 5);
	} else if (r->score)
		crm_die(CRM_EX_USAGE, "--score goes with --kind survey");
	if (r->n.text && !*r->n.text)
		r->n.text = NULL;
	r->n.day = r->date ? crm_opt_date("--date", r->date) : crm_today();
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct run r;
	struct crm_err e;
	long long note = 0, customer = 0;
	int c, writes;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&r, 0, sizeof r);
	crm_opts_init(&r.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (crm_window_option(&r.w, c, optarg))
			continue;
		switch (c) {
		case OPT_KIND:
			r.kind = optarg;
			break;
		case OPT_TEXT:
			r.n.text = crm_opt_text("--text", optarg);
			break;
		case OPT_SCORE:
			r.score = optarg;
			break;
		case OPT_DATE:
			r.date = optarg;
			break;
		case OPT_OPEN:
			set_mode(&r, OPEN);
			break;
		case OPT_RESOLVE:
			set_mode(&r, RESOLVE);
			r.resolve = optarg;
			break;
		case OPT_SUMMARY:
			set_mode(&r, SUMMARY);
			break;
		case OPT_LIST:
			set_mode(&r, LIST);
			break;
		case OPT_KEEP_GOING:
			r.keep_going = 1;
			break;
		case OPT_STAFF:
			r.n.staff = crm_opt_text("--staff", optarg);
			break;
		case OPT_RULES:
			r.rules_path = optarg;
			break;
		case OPT_BY:
			r.by_given = 1;
			if (!strcmp(optarg, "staff"))
				r.by_staff = 1;
			else if (strcmp(optarg, "category"))
				crm_die(CRM_EX_USAGE, "--by: '%s' is not one of "
					"category, staff", optarg);
			break;
		default:
			if (!crm_opts_handle(&r.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	check_options(&r, argc);
	if (r.mode == ADD || r.mode == REPLIES)
		parse_note(&r);
	if (r.mode == RESOLVE) {
		note = crm_opt_int("--resolve", r.resolve, 1, INT64_MAX);
		r.n.day = r.date ? crm_opt_date("--date", r.date) : crm_today();
	}
	if (r.rules_path)
		r.rules = crm_rules_load(r.rules_path, crm_survey_cols,
					 CRM_SURVEY_NCOLS);
	/* -n with rules shows the replies they make, without a database,
	 * as crm-sale's and crm-add's do */
	if (r.rules && r.ctx.o.dry_run) {
		r.bad = crm_rules_print(stdin, stdout, r.rules, r.keep_going);
		crm_rules_free(r.rules);
		crm_close_stdout();
		return r.bad ? CRM_EX_DATAERR : 0;
	}
	writes = r.mode == ADD || r.mode == REPLIES || r.mode == RESOLVE;
	crm_ctx_open(&r.ctx, writes ? CRM_DB_WRITE : CRM_DB_READ);
	if (writes)
		crm_db_begin(r.ctx.db);
	switch (r.mode) {
	case ADD:
		add(&r, argc, argv);
		break;
	case REPLIES:
		replies(&r);
		break;
	case RESOLVE:
		if (crm_note_resolve(r.ctx.db, note, r.n.day, &e) < 0)
			crm_die(e.status, "%s", e.msg);
		break;
	case OPEN:
		open_complaints(&r);
		break;
	case SUMMARY:
		summary(&r);
		break;
	case LIST:
		if (argc == 1 && !(customer = crm_db_customer_find(
					   r.ctx.db, r.ctx.o.key, argv[0])))
			crm_die(CRM_EX_NOINPUT, "no customer '%s'", argv[0]);
		list(&r, customer);
		break;
	}
	if (!r.ctx.o.quiet)
		for (size_t i = 0; i < r.nids; i++)
			printf("%lld\n", r.ids[i]);
	if (writes)
		crm_ctx_commit(&r.ctx);
	if (r.mode == REPLIES && !r.ctx.o.dry_run)
		crm_db_checkpoint(r.ctx.db);
	free(r.ids);
	crm_rules_free(r.rules);
	crm_ctx_close(&r.ctx);
	crm_close_stdout();
	return r.mode == REPLIES ? replies_counted(&r) : 0;
}
