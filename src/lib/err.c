/* err.c - one message shape and one exit-status path for every command */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const char *progname = "crm";

/*
 * argv[0] becomes the name without its directory too: getopt_long prints
 * its own messages (an unknown option, a missing argument) after argv[0],
 * and they should say crm-X: like every other message, also when the
 * command is run as ./bin/crm-X.
 */
void
crm_set_progname(char **argv)
{
	char *slash = argv[0] ? strrchr(argv[0], '/') : NULL;

#ifdef M_MMAP_THRESHOLD
	/*
	 * Reports build arrays of a million customers one after another;
	 * glibc raises its mmap threshold after the first is freed and
	 * keeps the next ones in the heap, where a free does not lower the
	 * peak memory.  A fixed threshold gives each one back when freed.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
	if (slash && slash[1])
		argv[0] = slash + 1;
	if (argv[0])
		progname = argv[0];
}

const char *
crm_progname(void)
{
	return progname;
}

static void
vwarn_line(long line, const char *fmt, va_list ap)
{
	/* stdout first, so a message lands after the rows it follows */
	fflush(stdout);
	if (line > 0)
		fprintf(stderr, "%s: line %ld: ", progname, line);
	else
		fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
crm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_line(0, fmt, ap);
	va_end(ap);
}

void
crm_warn_line(long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_line(line, fmt, ap);
	va_end(ap);
}

void
crm_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_line(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
crm_die_line(int status, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_line(line, fmt, ap);
	va_end(ap);
	exit(status);
}

int
crm_err_set(struct crm_err *e, int status, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void *
crm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		crm_die(CRM_EX_SOFTWARE, "out of memory");
	return p;
}

void *
crm_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		crm_die(CRM_EX_SOFTWARE, "out of memory");
	return q;
}

void
crm_sort(void *base, size_t n, size_t size,
	 int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static void
swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Quicksort in place, Hoare's partition around the middle of three, so
 * that equal keys split evenly; the smaller side by recursion (the stack
 * stays log n deep), the larger by the loop; short runs by insertion. */
void
crm_sort_in_place(void *base, size_t n, size_t size,
		  int (*cmp)(const void *, const void *))
{
	unsigned char *v = base, pivot[64];

	if (size > sizeof pivot) {
		crm_sort(base, n, size, cmp);
		return;
	}
	while (n > 12) {
		unsigned char *lo = v, *mid = v + (n - 1) / 2 * size,
			      *hi = v + (n - 1) * size;
		size_t i = 0, j = n - 1, left;

		if (cmp(mid, lo) < 0)
			swap_bytes(mid, lo, size);
		if (cmp(hi, lo) < 0)
			swap_bytes(hi, lo, size);
		if (cmp(hi, mid) < 0)
			swap_bytes(hi, mid, size);
		memcpy(pivot, mid, size);
		/* v[0] <= pivot <= v[n - 1] stop both scans in bounds */
		for (;;) {
			while (cmp(v + i * size, pivot) < 0)
				i++;
			while (cmp(v + j * size, pivot) > 0)
				j--;
			if (i >= j)
				break;
			swap_bytes(v + i * size, v + j * size, size);
			i++;
			j--;
		}
		left = j + 1; /* v[0..j] <= pivot <= v[j + 1..n - 1] */
		if (left < n - left) {
			crm_sort_in_place(v, left, size, cmp);
			v += left * size;
			n -= left;
		} else {
			crm_sort_in_place(v + left * size, n - left, size, cmp);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 &&
				   cmp(v + j * size, v + (j - 1) * size) < 0;
		     j--)
			swap_bytes(v + j * size, v + (j - 1) * size, size);
}

char *
crm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(crm_xmalloc(n), s, n);
}

void
crm_close_stdout(void)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int saved = errno;

	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (failed)
		crm_die(CRM_EX_IOERR, "cannot write to standard output: %s",
			strerror(saved ? saved : EIO));
}
