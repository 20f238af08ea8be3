/* fit.c - from a database's purchases to fitted BG/NBD and Gamma-Gamma */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

void
crm_model_inputs(const struct crm_cust_stats *c, crm_day as_of, int digits,
		 struct crm_model_in *in)
{
	double scale = pow(10, digits);

	/* same-day purchases are one transaction; the first one starts
	 * the clock and is not counted */
	in->x = c->ndays ? (int)c->ndays - 1 : 0;
	in->tx = c->ndays ? (c->last - c->first) / 7.0 : 0;
	in->T = c->ndays ? (as_of - c->first) / 7.0 : 0;
	in->m = in->x ? c->repeat / scale / in->x : 0;
}

/* (x, t_x, T) in days, and the repeat spend in minor units: integers,
 * so equal histories group exactly; 16 bytes, as there is one a
 * customer (days fit 16 bits for 179 years) */
struct hist {
	crm_money repeat;
	int x;
	unsigned short tx, T;
};

static int
cmp_triple(const void *a, const void *b)
{
	const struct hist *p = a, *q = b;

	if (p->x != q->x)
		return (p->x > q->x) - (p->x < q->x);
	if (p->tx != q->tx)
		return (p->tx > q->tx) - (p->tx < q->tx);
	return (p->T > q->T) - (p->T < q->T);
}

static int
cmp_spend(const void *a, const void *b)
{
	const struct hist *p = a, *q = b;

	if (p->x != q->x)
		return (p->x > q->x) - (p->x < q->x);
	return (p->repeat > q->repeat) - (p->repeat < q->repeat);
}

/* the distinct (x, t_x, T) of h, sorted by them, counted */
static struct crm_bgnbd_obs *
group_histories(struct hist *h, size_t n, size_t *nb)
{
	struct crm_bgnbd_obs *bo = NULL;
	size_t cap = 0;

	*nb = 0;
	crm_sort(h, n, sizeof *h, cmp_triple);
	for (size_t i = 0; i < n; i++) {
		if (*nb && bo[*nb - 1].x == h[i].x && i &&
		    h[i - 1].tx == h[i].tx && h[i - 1].T == h[i].T) {
			bo[*nb - 1].n++;
			continue;
		}
		if (*nb == cap) {
			cap = cap ? 2 * cap : 4096;
			bo = crm_xrealloc(bo, cap * sizeof *bo);
		}
		bo[*nb].x = h[i].x;
		bo[*nb].tx = h[i].tx / 7.0;
		bo[*nb].T = h[i].T / 7.0;
		bo[(*nb)++].n = 1;
	}
	return bo;
}

/* moves the repeat buyers whose repeat days cost something to the
 * front of h; how many they are */
static size_t
keep_spenders(struct hist *h, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (h[i].x > 0 && h[i].repeat > 0)
			h[k++] = h[i];
	return k;
}

/* the distinct (x, mean repeat spend) of the repeat buyers, counted */
static struct crm_gg_obs *
group_spend(struct hist *h, size_t n, double scale, size_t *ng)
{
	struct crm_gg_obs *go = NULL;
	size_t cap = 0;

	*ng = 0;
	crm_sort(h, n, sizeof *h, cmp_spend);
	for (size_t i = 0; i < n; i++) {
		/* a repeat buyer whose repeat days cost nothing has no spend
		 * to model */
		if (h[i].x == 0 || h[i].repeat <= 0)
			continue;
		if (*ng && i && h[i - 1].x == h[i].x &&
		    h[i - 1].repeat == h[i].repeat) {
			go[*ng - 1].n++;
			continue;
		}
		if (*ng == cap) {
			cap = cap ? 2 * cap : 4096;
			go = crm_xrealloc(go, cap * sizeof *go);
		}
		go[*ng].x = h[i].x;
		go[*ng].m = h[i].repeat / scale / h[i].x;
		go[(*ng)++].n = 1;
	}
	return go;
}

int
crm_fit_models(struct crm_db *db, crm_day as_of, int digits, int want_gg,
	       struct crm_fit *f, struct crm_err *e)
{
	struct crm_stats *s = crm_stats_open(db, crm_db_first_sale_day(db),
					     as_of, 0);
	struct crm_cust_stats c;
	struct hist *h = NULL;
	struct crm_bgnbd_obs *bo;
	struct crm_gg_obs *go = NULL;
	size_t n = 0, cap = 0, nb, ng = 0;
	int rc;

	memset(f, 0, sizeof *f);
	while (crm_stats_next(s, &c)) {
		if (!c.ndays)
			continue; /* only returns: no first purchase */
		if (as_of - c.first > 65535)
			crm_die(CRM_EX_DATAERR, "customer %lld's history is longer "
				"than 179 years", c.id);
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			h = crm_xrealloc(h, cap * sizeof *h);
		}
		h[n].x = (int)c.ndays - 1;
		h[n].tx = (unsigned short)(c.last - c.first);
		h[n].T = (unsigned short)(as_of - c.first);
		h[n].repeat = c.repeat;
		n++;
	}
	crm_stats_close(s);
	crm_db_scan_done(db);
	/* the likelihood is summed over distinct histories, not customers;
	 * both groupings are made before the fits so the histories, one a
	 * customer, can be freed first */
	bo = group_histories(h, n, &nb);
	if (want_gg) {
		/* only repeat buyers with spend count for Gamma-Gamma: the
		 * others are dropped first, so that its sort and the
		 * histories' memory are the size of them, not of all
		 * customers, while the groups of BG/NBD are held */
		n = keep_spenders(h, n);
		h = crm_xrealloc(h, (n + 1) * sizeof *h);
		go = group_spend(h, n, pow(10, digits), &ng);
	}
	free(h);
	rc = crm_bgnbd_fit(bo, nb, &f->bg, e);
	free(bo);
	if (rc == 0 && want_gg) {
		rc = crm_gg_fit(go, ng, &f->gg, e);
		f->has_gg = rc == 0;
	}
	free(go);
	return rc;
}

static void
param(struct crm_out *o, const char *model, const char *name, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.10g", v);
	crm_out_str(o, model);
	crm_out_str(o, name);
	crm_out_num(o, buf);
	crm_out_end_row(o);
}

void
crm_fit_print(const struct crm_fit *f, struct crm_out *o)
{
	param(o, "bgnbd", "r", f->bg.r);
	param(o, "bgnbd", "alpha", f->bg.alpha);
	param(o, "bgnbd", "a", f->bg.a);
	param(o, "bgnbd", "b", f->bg.b);
	param(o, "bgnbd", "ll", f->bg.ll);
	if (!f->has_gg)
		return;
	param(o, "gammagamma", "p", f->gg.p);
	param(o, "gammagamma", "q", f->gg.q);
	param(o, "gammagamma", "v", f->gg.v);
	param(o, "gammagamma", "ll", f->gg.ll);
}
