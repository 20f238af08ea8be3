/* progress.c - "rows done, rate, time left" on a terminal's stderr */
#include <time.h>

#include "crm.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
crm_progress_init(struct crm_progress *p, int on, const char *what,
		  long long total)
{
	p->on = on;
	p->done = 0;
	p->total = total;
	p->what = what;
	p->start = p->last = on ? now() : 0;
}

static void
draw(struct crm_progress *p, double t)
{
	double el = t - p->start;
	double rate = el > 0 ? p->done / el : 0;

	fprintf(stderr, "\r%s: %lld %s, %.0f/s", crm_progname(), p->done,
		p->what, rate);
	if (p->total > 0 && rate > 0)
		fprintf(stderr, ", %.0f s left",
			(p->total - p->done) / rate);
	fputs("\033[K", stderr);
}

void
crm_progress_tick(struct crm_progress *p, long long done)
{
	double t;

	p->done = done;
	/* the clock is read every 4096 rows: cheap on the hot path */
	if (!p->on || (done & 4095) != 0)
		return;
	t = now();
	if (t - p->last < 0.5)
		return;
	p->last = t;
	draw(p, t);
}

void
crm_progress_end(struct crm_progress *p)
{
	if (!p->on)
		return;
	draw(p, now());
	fputc('\n', stderr);
}
