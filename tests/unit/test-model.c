/*
 * test-model.c - BG/NBD and Gamma-Gamma (model.c), the model inputs
 * (fit.c) and the usual gap (window.c)
 *
 * The log-likelihoods are checked without the optimiser against the
 * values of the CDNOW sample's README (tests/data/CDNOW-README.md): the
 * observations are computed here from tests/data/cdnowElog.csv with the
 * published conventions (same-day rows merged, calibration up to
 * 1997-09-30 for everyone, weeks = days / 7, Gamma-Gamma on the mean
 * repeat purchase-day total).  The file is found through $CRM_TEST_DATA
 * (a directory), else next to this program (<dir>/../../tests/data, which
 * is build/unit/../../tests/data), else as tests/data from the current
 * directory (the repository root under tests/run).
 *
 * The per-customer formulas are checked on cases whose answer follows by
 * hand from the closed forms of Fader, Hardie & Lee (2005).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static int
near(double got, double want, double tol, const char *what)
{
	int pass = isfinite(got) && fabs(got - want) <= tol;

	ok(pass, "%s", what);
	if (!pass)
		diag("     got: %.10f\nexpected: %.10f (within %g)", got, want, tol);
	return pass;
}

static int
between(double got, double lo, double hi, const char *what)
{
	int pass = got >= lo && got <= hi;

	ok(pass, "%s", what);
	if (!pass)
		diag("     got: %.10f\nexpected: %.6f .. %.6f", got, lo, hi);
	return pass;
}

/* ---- the CDNOW sample ---------------------------------------------------- */

#define CUSTOMERS 2357

struct cust {
	int seen;          /* any purchase in calibration */
	crm_day first, last;
	int days;          /* purchase days in calibration */
	crm_money repeat;  /* cents of the purchase days after the first */
};

static struct cust cust[CUSTOMERS + 1];
static int rows, cal_rows;
static crm_money total, cal_total;

static FILE *
open_data(const char *argv0, char *path, size_t size)
{
	const char *env = getenv("CRM_TEST_DATA");
	FILE *f;

	if (env && *env) {
		snprintf(path, size, "%s/cdnowElog.csv", env);
		return fopen(path, "r");
	}
	{
		const char *slash = strrchr(argv0, '/');

		if (slash) {
			snprintf(path, size, "%.*s/../../tests/data/cdnowElog.csv",
				 (int)(slash - argv0), argv0);
			if ((f = fopen(path, "r")))
				return f;
		}
	}
	snprintf(path, size, "tests/data/cdnowElog.csv");
	return fopen(path, "r");
}

/* Reads the elog; 0, or -1 with a diagnostic. */
static int
load(FILE *f, const char *path)
{
	char line[256];
	crm_day end = crm_day_from_ymd(1997, 9, 30);
	int lineno = 0;

	if (!fgets(line, sizeof line, f) ||
	    strcmp(line, "masterid,sampleid,date,cds,sales\n")) {
		diag("%s: not the CDNOW header", path);
		return -1;
	}
	lineno = 1;
	while (fgets(line, sizeof line, f)) {
		char *fld[5], *p = line, *nl = strchr(line, '\n');
		int id, ymd, nf = 0;
		crm_money cents;
		crm_day day;
		const char *why;
		struct cust *c;

		lineno++;
		if (nl)
			*nl = '\0';
		while (nf < 5) {
			fld[nf++] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (nf != 5 || p) {
			diag("%s:%d: not 5 fields", path, lineno);
			return -1;
		}
		id = atoi(fld[1]);
		ymd = atoi(fld[2]);
		if (id < 1 || id > CUSTOMERS || strlen(fld[2]) != 8 ||
		    crm_money_parse(fld[4], 2, &cents, &why) < 0) {
			diag("%s:%d: bad row", path, lineno);
			return -1;
		}
		day = crm_day_from_ymd(ymd / 10000, ymd / 100 % 100, ymd % 100);
		rows++;
		total += cents;
		if (day > end)
			continue;
		cal_rows++;
		cal_total += cents;
		c = &cust[id];
		/* rows come by customer, then date: same-day rows merge */
		if (!c->seen) {
			c->seen = 1;
			c->first = c->last = day;
			c->days = 1;
		} else {
			if (day != c->last) {
				c->days++;
				c->last = day;
			}
			/* a row on the first day belongs to the first
			 * purchase, which is not a repeat */
			if (day != c->first)
				c->repeat += cents;
		}
	}
	return 0;
}

static struct crm_bgnbd_obs weeks[CUSTOMERS], days[CUSTOMERS];
static struct crm_gg_obs spend[CUSTOMERS];
static size_t nspend;

static void
observations(void)
{
	crm_day end = crm_day_from_ymd(1997, 9, 30);

	for (int id = 1; id <= CUSTOMERS; id++) {
		const struct cust *c = &cust[id];
		struct crm_bgnbd_obs *w = &weeks[id - 1], *d = &days[id - 1];

		d->x = w->x = c->days - 1;
		d->tx = c->last - c->first;
		d->T = end - c->first;
		d->n = w->n = 1;
		w->tx = d->tx / 7.0;
		w->T = d->T / 7.0;
		if (w->x > 0) {
			spend[nspend].x = w->x;
			spend[nspend].m = c->repeat / 100.0 / w->x;
			spend[nspend].n = 1;
			nspend++;
		}
	}
}

static int
cmp_obs(const void *a, const void *b)
{
	const struct crm_bgnbd_obs *p = a, *q = b;

	if (p->x != q->x)
		return (p->x > q->x) - (p->x < q->x);
	if (p->tx != q->tx)
		return (p->tx > q->tx) - (p->tx < q->tx);
	return (p->T > q->T) - (p->T < q->T);
}

static void
test_cdnow(const char *argv0)
{
	char path[4096];
	FILE *f = open_data(argv0, path, sizeof path);
	int sum_x = 0, zero = 0, some = 0, all_seen = 1;
	struct crm_bgnbd bg = {0.243, 4.414, 0.793, 2.426, 0};
	struct crm_bgnbd bgd = {0.243, 30.898, 0.793, 2.426, 0};
	struct crm_gg gg = {6.25, 3.74, 15.44, 0};
	static struct crm_bgnbd_obs grouped[CUSTOMERS], reversed[CUSTOMERS];
	size_t ng = 0;
	int rc;

	if (!ok(f != NULL, "the CDNOW sample can be read (%s)", path)) {
		diag("%s: %s; set CRM_TEST_DATA to the directory of "
		     "cdnowElog.csv", path, strerror(errno));
		return;
	}
	rc = load(f, path);
	fclose(f);
	if (!ok(rc == 0, "the CDNOW sample parses"))
		return;
	is_int(rows, 6919, "6,919 rows");
	is_int(total, 24409194, "they total $244,091.94");
	is_int(cal_rows, 4960, "4,960 rows up to 1997-09-30");
	is_int(cal_total, 17311555, "they total $173,115.55");
	for (int id = 1; id <= CUSTOMERS; id++)
		all_seen &= cust[id].seen;
	ok(all_seen, "every customer bought in the calibration period");
	observations();
	for (int i = 0; i < CUSTOMERS; i++) {
		sum_x += weeks[i].x;
		zero += weeks[i].x == 0;
		some += weeks[i].x > 0;
	}
	is_int(sum_x, 2457, "sum of x is 2,457 (same-day rows merged)");
	is_int(zero, 1411, "1,411 customers with x = 0");
	is_int(some, 946, "946 customers with x > 0");
	is_int((long long)nspend, 946, "946 customers in the Gamma-Gamma data");

	near(crm_bgnbd_ll(&bg, weeks, CUSTOMERS), -9582.4305, 1e-4,
	     "BG/NBD LL at (0.243, 4.414, 0.793, 2.426), weeks, is -9582.4305");
	near(crm_bgnbd_ll(&bgd, days, CUSTOMERS), -14363.5317, 1e-4,
	     "BG/NBD LL with alpha = 30.898, days, is -14363.5317");
	near(crm_gg_ll(&gg, spend, nspend), -4055.9192, 1e-4,
	     "Gamma-Gamma LL at (6.25, 3.74, 15.44), dollars, is -4055.9192");

	/* the same sum over distinct histories, and in any order */
	memcpy(grouped, weeks, sizeof weeks);
	qsort(grouped, CUSTOMERS, sizeof *grouped, cmp_obs);
	for (size_t i = 0; i < CUSTOMERS; i++) {
		if (ng && !cmp_obs(&grouped[ng - 1], &grouped[i])) {
			grouped[ng - 1].n++;
			continue;
		}
		grouped[ng++] = grouped[i];
	}
	ok(ng < CUSTOMERS, "customers share histories (%zu distinct)", ng);
	near(crm_bgnbd_ll(&bg, grouped, ng), -9582.4305, 1e-4,
	     "BG/NBD LL summed over grouped histories is the same");
	for (size_t i = 0; i < CUSTOMERS; i++)
		reversed[i] = weeks[CUSTOMERS - 1 - i];
	near(crm_bgnbd_ll(&bg, reversed, CUSTOMERS), -9582.4305, 1e-4,
	     "BG/NBD LL does not depend on the order of the observations");

	/* the optimiser on the same data (what the commands do) */
	{
		struct crm_bgnbd fit;
		struct crm_gg gfit;
		struct crm_err e;

		if (ok(crm_bgnbd_fit(weeks, CUSTOMERS, &fit, &e) == 0,
		       "BG/NBD fits the sample")) {
			between(fit.r, 0.242352, 0.242837, "fitted r in band");
			between(fit.alpha, 4.409188, 4.418015,
				"fitted alpha in band");
			between(fit.a, 0.792129, 0.793715, "fitted a in band");
			between(fit.b, 2.423481, 2.428333, "fitted b in band");
			between(fit.ll, -9582.4392, -9582.4192,
				"fitted LL in band");
		}
		if (ok(crm_gg_fit(spend, nspend, &gfit, &e) == 0,
		       "Gamma-Gamma fits the sample")) {
			between(gfit.p, 6.243322, 6.255822, "fitted p in band");
			between(gfit.q, 3.740481, 3.747969, "fitted q in band");
			between(gfit.v, 15.428078, 15.458966, "fitted v in band");
			between(gfit.ll, -4055.9277, -4055.9077,
				"fitted Gamma-Gamma LL in band");
		}
	}
}

/* ---- per-customer formulas on hand-computable cases -------------------- */

static void
test_p_alive(void)
{
	struct crm_bgnbd m = {0.243, 4.414, 0.793, 2.426, 0};
	struct crm_bgnbd k = {1, 1, 0.5, 1.5, 0};
	struct crm_bgnbd j = {0.7, 2, 1, 3, 0};

	ok(crm_bgnbd_p_alive(&m, 0, 0, 38.857) == 1.0,
	   "p_alive is 1 for a customer without a repeat purchase");
	ok(crm_bgnbd_p_alive(&m, 0, 0, 0) == 1.0,
	   "p_alive is 1 for a customer who bought on the last day only");
	/* t_x = T: 1 / (1 + a / (b + x - 1)) = 1 / (1 + 1/4) */
	near(crm_bgnbd_p_alive(&j, 2, 10, 10), 0.8, 1e-12,
	     "p_alive with t_x = T is 1/(1 + a/(b+x-1)): 0.8");
	/* ((1+3)/(1+1))^(1+1) = 4, a/(b+x-1) = 1/3: 1/(1 + 4/3) = 3/7 */
	near(crm_bgnbd_p_alive(&k, 1, 1, 3), 3.0 / 7, 1e-12,
	     "p_alive of x=1, t_x=1, T=3 at (1, 1, 0.5, 1.5) is 3/7");
	ok(crm_bgnbd_p_alive(&m, 3, 5, 30) < crm_bgnbd_p_alive(&m, 3, 25, 30),
	   "p_alive is higher for a more recent last purchase");
}

static void
test_expected(void)
{
	struct crm_bgnbd m = {0.243, 4.414, 0.793, 2.426, 0};
	/* 2F1(1, 1; 2; z) = -ln(1-z)/z */
	struct crm_bgnbd h1 = {1, 0.5, 2, 1, 0};
	/* 2F1(r, b; r; z) = (1-z)^-b when a + b - 1 = r (x = 0) */
	struct crm_bgnbd h2 = {2, 1, 2, 1, 0};
	double e52, e5214;

	near(crm_bgnbd_expected(&m, 0, 0, 0, 38.857), 0, 1e-12,
	     "expected purchases over 0 weeks is 0 (x = 0)");
	near(crm_bgnbd_expected(&m, 0, 4, 20, 38.857), 0, 1e-12,
	     "expected purchases over 0 weeks is 0 (x > 0)");
	/* x=0, alpha+T = 1, t = 1: z = 1/2, E = 2 (1 - (1/2) ln 2 / (1/2)) */
	near(crm_bgnbd_expected(&h1, 1, 0, 0, 0.5), 2 * (1 - log(2)), 1e-12,
	     "E[Y(1)] at (1, 0.5, 2, 1), x=0, T=0.5 is 2(1 - ln 2)");
	/* x=0, alpha+T = 2, t = 2: z = 1/2, E = (a+b-1)/(a-1) z = 1 */
	near(crm_bgnbd_expected(&h2, 2, 0, 0, 1), 1, 1e-12,
	     "E[Y(2)] at (2, 1, 2, 1), x=0, T=1 is 1");
	/* x=1, tx=T=1: 2F1(3, 2; 3; z) = (1-z)^-2; E = 3z / (1 + 2) = z =
	 * 2/(2+2) */
	near(crm_bgnbd_expected(&h2, 2, 1, 1, 1), 0.5, 1e-12,
	     "E[Y(2)] at (2, 1, 2, 1), x=1, t_x=T=1 is 1/2");
	e52 = crm_bgnbd_expected(&m, 52, 2, 30.43, 38.86);
	e5214 = crm_bgnbd_expected(&m, 5214, 2, 30.43, 38.86);
	ok(isfinite(e5214) && e5214 > e52 && e52 > 0,
	   "expected purchases grow with the horizon, finite at 100 years");
}

static void
test_spend(void)
{
	struct crm_gg m = {2, 3, 4, 0};
	struct crm_gg c = {6.25, 3.74, 15.44, 0};
	struct crm_gg low = {2, 1, 4, 0};

	near(crm_gg_expected_spend(&m, 0, 0), 4, 1e-12,
	     "expected spend for x = 0 is p v / (q - 1) = 2*4/2");
	near(crm_gg_expected_spend(&c, 0, 0), 6.25 * 15.44 / 2.74, 1e-9,
	     "expected spend for x = 0 at the CDNOW values is p v/(q-1)");
	/* p (v + x m) / (p x + q - 1) = 2 (4 + 10) / (2 + 2) */
	near(crm_gg_expected_spend(&m, 1, 10), 7, 1e-12,
	     "expected spend for x = 1, m = 10 is 7");
	near(crm_gg_expected_spend(&m, 3, 5), 2.0 * 19 / 8, 1e-12,
	     "expected spend for x = 3, m = 5 is 2(4+15)/(6+2)");
	ok(isnan(crm_gg_expected_spend(&low, 0, 0)),
	   "expected spend for x = 0 has no mean when q <= 1");
}

static void
test_inputs(void)
{
	crm_day d[] = {100, 107, 121};
	crm_money t[] = {500, 0, 1000};
	struct crm_cust_stats s;
	struct crm_model_in in;

	memset(&s, 0, sizeof s);
	s.days = d;
	s.day_totals = t;
	s.ndays = 3;
	s.repeat = 1000; /* 0 + 1000: the days after the first */
	s.first = 100;
	s.last = 121;
	crm_model_inputs(&s, 128, 2, &in);
	is_int(in.x, 2, "model inputs: x = purchase days - 1");
	near(in.tx, 3, 1e-12, "model inputs: t_x = 21 days = 3 weeks");
	near(in.T, 4, 1e-12, "model inputs: T = 28 days = 4 weeks");
	near(in.m, 5, 1e-12,
	     "model inputs: m = mean of the repeat days (0.00, 10.00)");
	s.ndays = 1;
	s.last = 100;
	crm_model_inputs(&s, 100, 2, &in);
	ok(in.x == 0 && in.tx == 0 && in.T == 0 && in.m == 0,
	   "model inputs: one purchase day on the end date is all zeros");
	memset(&s, 0, sizeof s);
	crm_model_inputs(&s, 100, 2, &in);
	ok(in.x == 0 && in.tx == 0 && in.T == 0 && in.m == 0,
	   "model inputs: no purchase day is all zeros");
}

static void
test_too_few(void)
{
	struct crm_bgnbd_obs o[] = {
		{0, 0, 10, 5},
		{2, 4, 10, 9},
	};
	struct crm_bgnbd_obs all_repeat[] = {{2, 4, 10, 20}};
	struct crm_gg_obs g[] = {{1, 10, 4}, {2, 12, 5}};
	struct crm_bgnbd fit;
	struct crm_gg gfit;
	struct crm_err e;

	e.status = 0;
	ok(crm_bgnbd_fit(o, 2, &fit, &e) == -1 && e.status == 65,
	   "BG/NBD with 9 repeat buyers is refused (65)");
	diag("message: %s", e.msg);
	e.status = 0;
	ok(crm_bgnbd_fit(all_repeat, 1, &fit, &e) == -1 && e.status == 65,
	   "BG/NBD without a one-time buyer is refused (65)");
	e.status = 0;
	ok(crm_bgnbd_fit(NULL, 0, &fit, &e) == -1 && e.status == 65,
	   "BG/NBD without customers is refused (65)");
	e.status = 0;
	ok(crm_gg_fit(g, 2, &gfit, &e) == -1 && e.status == 65,
	   "Gamma-Gamma with 9 repeat buyers is refused (65)");
	diag("message: %s", e.msg);
}

int
main(int argc, char **argv)
{
	(void)argc;
	test_cdnow(argv[0]);
	test_p_alive();
	test_expected();
	test_spend();
	test_inputs();
	test_too_few();
	return done_testing();
}
