/*
 * model.c - BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader &
 * Hardie 2013) fitted by maximum likelihood.
 *
 * The optimiser is Nelder-Mead over the logarithms of the parameters, so
 * every parameter stays positive, restarted from its own best point until
 * a restart gains less than 1e-9 in log-likelihood: the BG/NBD surface is
 * flat along b, and one run of a simplex can stop short there.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define MAXP 4

typedef double (*objective)(const double *logp, void *arg);

/* Minimise f over n <= MAXP log-parameters from x; returns f(x). */
static double
nelder_mead(objective f, void *arg, int n, double *x)
{
	double s[MAXP + 1][MAXP], fs[MAXP + 1] = {0}, c[MAXP], xr[MAXP],
		xe[MAXP];
	int iter;

	for (int i = 0; i <= n; i++) {
		memcpy(s[i], x, (size_t)n * sizeof *x);
		if (i)
			s[i][i - 1] += 0.5;
		fs[i] = f(s[i], arg);
	}
	for (iter = 0; iter < 20000; iter++) {
		int lo = 0, hi = 0, nh = 0;
		double fr, fe;

		for (int i = 1; i <= n; i++) {
			if (fs[i] < fs[lo])
				lo = i;
			if (fs[i] > fs[hi])
				hi = i;
		}
		nh = lo;
		for (int i = 0; i <= n; i++)
			if (i != hi && fs[i] > fs[nh])
				nh = i;
		if (fabs(fs[hi] - fs[lo]) <= 1e-12 * (1 + fabs(fs[lo])))
			break;
		for (int j = 0; j < n; j++) {
			c[j] = 0;
			for (int i = 0; i <= n; i++)
				if (i != hi)
					c[j] += s[i][j] / n;
		}
		for (int j = 0; j < n; j++)
			xr[j] = c[j] + (c[j] - s[hi][j]);
		fr = f(xr, arg);
		if (fr < fs[lo]) {
			for (int j = 0; j < n; j++)
				xe[j] = c[j] + 2 * (c[j] - s[hi][j]);
			fe = f(xe, arg);
			if (fe < fr) {
				memcpy(s[hi], xe, sizeof xe);
				fs[hi] = fe;
			} else {
				memcpy(s[hi], xr, sizeof xr);
				fs[hi] = fr;
			}
		} else if (fr < fs[nh]) {
			memcpy(s[hi], xr, sizeof xr);
			fs[hi] = fr;
		} else {
			/* contract towards the better of the worst and reflection */
			const double *w = fr < fs[hi] ? xr : s[hi];
			double fw = fr < fs[hi] ? fr : fs[hi], fc;

			for (int j = 0; j < n; j++)
				xe[j] = c[j] + 0.5 * (w[j] - c[j]);
			fc = f(xe, arg);
			if (fc < fw) {
				memcpy(s[hi], xe, sizeof xe);
				fs[hi] = fc;
			} else {
				for (int i = 0; i <= n; i++) {
					if (i == lo)
						continue;
					for (int j = 0; j < n; j++)
						s[i][j] = s[lo][j] +
							  0.5 * (s[i][j] - s[lo][j]);
					fs[i] = f(s[i], arg);
				}
			}
		}
	}
	{
		int lo = 0;

		for (int i = 1; i <= n; i++)
			if (fs[i] < fs[lo])
				lo = i;
		memcpy(x, s[lo], (size_t)n * sizeof *x);
		return fs[lo];
	}
}

static double
minimise(objective f, void *arg, int n, double *x)
{
	double best = f(x, arg), prev;

	for (int round = 0; round < 50; round++) {
		prev = best;
		best = nelder_mead(f, arg, n, x);
		if (prev - best < 1e-9)
			break;
	}
	return best;
}

static double
logsumexp(double a, double b)
{
	return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

/* ---- BG/NBD ------------------------------------------------------------ */

/*
 * The spans t_x and T take few distinct values however many customers
 * there are (whole days), so the fit looks each up in a table of them
 * and takes log(alpha + span) once per value and evaluation instead of
 * twice per history: the same logarithms of the same sums, so the same
 * bits as computing them in place.
 */
struct bg_spans {
	double *v;      /* the distinct spans, ascending */
	double *lv;     /* log(alpha + v[k]), for the alpha being evaluated */
	size_t nv;
	unsigned *itx, *iT; /* each observation's t_x and T in v: 4 bytes,
			     * as there may be one per customer */
};

/* the log-likelihood; sp, when not NULL, indexes o's spans */
static double
bgnbd_ll(const struct crm_bgnbd *m, const struct crm_bgnbd_obs *o, size_t n,
	 const struct bg_spans *sp)
{
	double r = m->r, al = m->alpha, a = m->a, b = m->b;
	double base = -lgamma(r) + r * log(al) - lgamma(b) + lgamma(a + b);
	double ll = 0, la = log(a);
	int last_x = -1;
	double gx = 0, lbx = 0;

	if (sp)
		for (size_t k = 0; k < sp->nv; k++)
			sp->lv[k] = log(al + sp->v[k]);
	for (size_t i = 0; i < n; i++) {
		int x = o[i].x;
		double l1, l2, lT;

		/* the terms that depend on x only: observations come sorted
		 * by x, so each is computed once per x */
		if (x != last_x) {
			gx = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
			lbx = x > 0 ? log(b + x - 1) : 0;
			last_x = x;
		}
		lT = sp ? sp->lv[sp->iT[i]] : log(al + o[i].T);
		l1 = -(r + x) * lT;
		if (x > 0) {
			double ltx = sp ? sp->lv[sp->itx[i]] : log(al + o[i].tx);

			l2 = la - lbx - (r + x) * ltx;
			l1 = logsumexp(l1, l2);
		}
		ll += o[i].n * (base + gx + l1);
	}
	return ll;
}

double
crm_bgnbd_ll(const struct crm_bgnbd *m, const struct crm_bgnbd_obs *o,
	     size_t n)
{
	return bgnbd_ll(m, o, n, NULL);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* where v (nv distinct values, ascending) holds s */
static unsigned
span_index(const double *v, size_t nv, double s)
{
	size_t lo = 0, hi = nv;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] <= s)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo;
}

/* sorts v[0..n) and drops repeated values; how many are left */
static size_t
sort_unique(double *v, size_t n)
{
	size_t k = 0;

	crm_sort(v, n, sizeof *v, cmp_double);
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* adds s to the values v (cap of them, *nv used), compacting them when
 * full: the table stays the size of the distinct spans, not of o */
static double *
span_add(double *v, size_t *nv, size_t *cap, double s)
{
	if (*nv == *cap) {
		*nv = sort_unique(v, *nv);
		if (*nv > *cap / 2) {
			*cap *= 2;
			v = crm_xrealloc(v, *cap * sizeof *v);
		}
	}
	v[(*nv)++] = s;
	return v;
}

/* the table of o's distinct spans, for bgnbd_ll; NULL when a span is
 * not a number or there are too many for 4-byte indexes */
static struct bg_spans *
spans_make(struct bg_spans *sp, const struct crm_bgnbd_obs *o, size_t n)
{
	size_t cap = 4096;

	if (n >= UINT_MAX / 2)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (isnan(o[i].tx) || isnan(o[i].T))
			return NULL;
	sp->v = crm_xmalloc(cap * sizeof *sp->v);
	sp->nv = 0;
	for (size_t i = 0; i < n; i++) {
		sp->v = span_add(sp->v, &sp->nv, &cap, o[i].tx);
		sp->v = span_add(sp->v, &sp->nv, &cap, o[i].T);
	}
	sp->nv = sort_unique(sp->v, sp->nv);
	sp->lv = crm_xmalloc((sp->nv + 1) * sizeof *sp->lv);
	sp->itx = crm_xmalloc((n + 1) * sizeof *sp->itx);
	sp->iT = crm_xmalloc((n + 1) * sizeof *sp->iT);
	for (size_t i = 0; i < n; i++) {
		sp->itx[i] = span_index(sp->v, sp->nv, o[i].tx);
		sp->iT[i] = span_index(sp->v, sp->nv, o[i].T);
	}
	return sp;
}

static void
spans_free(struct bg_spans *sp)
{
	if (!sp)
		return;
	free(sp->v);
	free(sp->lv);
	free(sp->itx);
	free(sp->iT);
}

struct bg_arg {
	const struct crm_bgnbd_obs *o;
	size_t n;
	const struct bg_spans *sp;
};

static double
bg_objective(const double *lp, void *arg)
{
	const struct bg_arg *g = arg;
	struct crm_bgnbd m = {exp(lp[0]), exp(lp[1]), exp(lp[2]), exp(lp[3]), 0};
	double ll;

	for (int i = 0; i < 4; i++)
		if (lp[i] < -25 || lp[i] > 25)
			return DBL_MAX;
	ll = bgnbd_ll(&m, g->o, g->n, g->sp);
	return isfinite(ll) ? -ll : DBL_MAX;
}

static int
cmp_obs_x(const void *a, const void *b)
{
	const struct crm_bgnbd_obs *x = a, *y = b;

	return (x->x > y->x) - (x->x < y->x);
}

int
crm_bgnbd_fit(const struct crm_bgnbd_obs *o, size_t n, struct crm_bgnbd *out,
	      struct crm_err *e)
{
	struct crm_bgnbd_obs *sorted;
	double repeaters = 0, customers = 0, meanT = 0, lp[4], nll;
	struct bg_spans sp, *spp;
	struct bg_arg g;

	for (size_t i = 0; i < n; i++) {
		customers += o[i].n;
		meanT += o[i].n * o[i].T;
		if (o[i].x > 0)
			repeaters += o[i].n;
	}
	if (repeaters < 10 || customers - repeaters < 1)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "too few customers to fit BG/NBD: %.0f "
				   "customers, %.0f of them bought again (it "
				   "needs at least 10 who did and 1 who did not)",
				   customers, repeaters);
	/* the likelihood computes the terms of each x once, so it wants
	 * the observations by x; a copy is sorted only when they are not */
	sorted = NULL;
	for (size_t i = 1; i < n; i++)
		if (o[i].x < o[i - 1].x) {
			sorted = crm_xmalloc(n * sizeof *sorted);
			memcpy(sorted, o, n * sizeof *o);
			crm_sort(sorted, n, sizeof *sorted, cmp_obs_x);
			break;
		}
	g.o = sorted ? sorted : o;
	g.n = n;
	spp = spans_make(&sp, g.o, n);
	g.sp = spp;
	/* start from r = 1, alpha = the mean observation span, a = b = 1 */
	lp[0] = 0;
	lp[1] = log(meanT / customers > 0 ? meanT / customers : 1);
	lp[2] = 0;
	lp[3] = 0;
	nll = minimise(bg_objective, &g, 4, lp);
	spans_free(spp);
	free(sorted);
	if (nll == DBL_MAX || !isfinite(nll))
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the BG/NBD fit did not converge on this data");
	out->r = exp(lp[0]);
	out->alpha = exp(lp[1]);
	out->a = exp(lp[2]);
	out->b = exp(lp[3]);
	out->ll = -nll;
	return 0;
}

double
crm_bgnbd_p_alive(const struct crm_bgnbd *m, int x, double tx, double T)
{
	double lr;

	if (x == 0)
		return 1.0;
	lr = log(m->a) - log(m->b + x - 1) +
	     (m->r + x) * (log(m->alpha + T) - log(m->alpha + tx));
	return 1.0 / (1.0 + exp(lr));
}

/* Gauss's hypergeometric series 2F1(a, b; c; z) for 0 <= z < 1 */
static double
hyp2f1(double a, double b, double c, double z)
{
	double term = 1, sum = 1;

	for (int j = 0; j < 1000000; j++) {
		term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
		sum += term;
		if (fabs(term) < 1e-15 * fabs(sum))
			break;
	}
	return sum;
}

double
crm_bgnbd_expected(const struct crm_bgnbd *m, double t, int x, double tx,
		   double T)
{
	double r = m->r, al = m->alpha, a = m->a, b = m->b;
	double z = t / (al + T + t);
	double num = (a + b + x - 1) / (a - 1) *
		     (1 - pow((al + T) / (al + T + t), r + x) *
				  hyp2f1(r + x, b + x, a + b + x - 1, z));
	double den = 1;

	if (x > 0)
		den += a / (b + x - 1) * pow((al + T) / (al + tx), r + x);
	return num / den;
}

/* ---- Gamma-Gamma -------------------------------------------------------- */

/*
 * The log-likelihood; lm, when not NULL, holds log(o[i].m), which no
 * parameter changes.  The terms of x alone are taken once per x (the
 * fit's observations come sorted by x); each term is the same value
 * summed in the same order as when computed in place, so the same bits.
 */
static double
gg_ll(const struct crm_gg *m, const struct crm_gg_obs *o, size_t n,
      const double *lm)
{
	double p = m->p, q = m->q, v = m->v, ll = 0;
	double base = -lgamma(q) + q * log(v);
	double px = 0, lgpq = 0, lgp = 0, lx = 0;
	int last_x = -1;

	for (size_t i = 0; i < n; i++) {
		if (o[i].x != last_x) {
			last_x = o[i].x;
			px = p * o[i].x;
			lgpq = lgamma(px + q);
			lgp = lgamma(px);
			lx = log((double)o[i].x);
		}
		ll += o[i].n * (base + lgpq - lgp + px * lx +
				(px - 1) * (lm ? lm[i] : log(o[i].m)) -
				(px + q) * log(v + o[i].x * o[i].m));
	}
	return ll;
}

double
crm_gg_ll(const struct crm_gg *m, const struct crm_gg_obs *o, size_t n)
{
	return gg_ll(m, o, n, NULL);
}

struct gg_arg {
	const struct crm_gg_obs *o;
	size_t n;
	const double *lm;
};

static double
gg_objective(const double *lp, void *arg)
{
	const struct gg_arg *g = arg;
	struct crm_gg m = {exp(lp[0]), exp(lp[1]), exp(lp[2]), 0};
	double ll;

	for (int i = 0; i < 3; i++)
		if (lp[i] < -25 || lp[i] > 25)
			return DBL_MAX;
	ll = gg_ll(&m, g->o, g->n, g->lm);
	return isfinite(ll) ? -ll : DBL_MAX;
}

int
crm_gg_fit(const struct crm_gg_obs *o, size_t n, struct crm_gg *out,
	   struct crm_err *e)
{
	double customers = 0, mean = 0, lp[3], nll, *lm;
	struct gg_arg g;

	for (size_t i = 0; i < n; i++) {
		customers += o[i].n;
		mean += o[i].n * o[i].m;
	}
	if (customers < 10)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "too few repeat buyers with spend to fit "
				   "Gamma-Gamma: %.0f (it needs at least 10)",
				   customers);
	mean /= customers;
	lp[0] = 0;
	lp[1] = 0;
	lp[2] = log(mean > 0 ? mean : 1);
	lm = crm_xmalloc((n + 1) * sizeof *lm);
	for (size_t i = 0; i < n; i++)
		lm[i] = log(o[i].m);
	g.o = o;
	g.n = n;
	g.lm = lm;
	nll = minimise(gg_objective, &g, 3, lp);
	free(lm);
	if (nll == DBL_MAX || !isfinite(nll))
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the Gamma-Gamma fit did not converge on "
				   "this data");
	out->p = exp(lp[0]);
	out->q = exp(lp[1]);
	out->v = exp(lp[2]);
	out->ll = -nll;
	return 0;
}

double
crm_gg_expected_spend(const struct crm_gg *m, int x, double mean)
{
	/* a customer with no repeat purchase gets the population mean */
	if (x == 0)
		return m->q > 1 ? m->p * m->v / (m->q - 1) : NAN;
	return m->p * (m->v + x * mean) / (m->p * x + m->q - 1);
}
