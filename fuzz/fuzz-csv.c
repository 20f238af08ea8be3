/* fuzz-csv.c - libFuzzer harness of the CSV reader (csv.c).  The first
 * byte picks the separator and the quote; the rest is fed a line at a
 * time.  Every record the reader completes is written back as RFC 4180
 * with every field quoted and read again: the fields must come back the
 * same, or the reader lost or invented text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const int seps[] = { ';', ',', '\t', '|', ' ' };

/* rec as quoted CSV lines in out; its length */
static size_t
write_quoted(const struct crm_csv *c, int sep, char *out)
{
	size_t n = 0;

	for (int i = 0; i < crm_csv_nfields(c); i++) {
		const char *f = crm_csv_field(c, i);

		if (i)
			out[n++] = (char)sep;
		out[n++] = '"';
		for (; *f; f++) {
			if (*f == '"')
				out[n++] = '"';
			out[n++] = *f;
		}
		out[n++] = '"';
	}
	return n;
}

static int
has_cr(const struct crm_csv *c)
{
	for (int i = 0; i < crm_csv_nfields(c); i++)
		if (strchr(crm_csv_field(c, i), '\r'))
			return 1;
	return 0;
}

/* read back what write_quoted wrote, and compare */
static void
round_trip(const struct crm_csv *c, int sep, size_t size)
{
	char *text = crm_xmalloc(2 * size + 2 * (size_t)crm_csv_nfields(c) + 16);
	size_t n = write_quoted(c, sep, text), at = 0;
	struct crm_csv *back = crm_csv_new(sep, '"');
	struct crm_err e;
	int r = 0;

	while (at <= n) {
		const char *nl = memchr(text + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - (text + at)) : n - at;

		r = crm_csv_feed(back, text + at, len, &e);
		if (r != 0)
			break;
		at += len + 1;
	}
	if (crm_csv_nfields(c) == 0) {
		if (r != 1 || crm_csv_nfields(back) != 0)
			abort();
	} else {
		if (r != 1 || crm_csv_nfields(back) != crm_csv_nfields(c))
			abort();
		for (int i = 0; i < crm_csv_nfields(c); i++)
			if (strcmp(crm_csv_field(c, i),
				   crm_csv_field(back, i)) != 0)
				abort();
	}
	crm_csv_free(back);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_csv *c;
	struct crm_err e;
	const char *s = (const char *)data + 1;
	int sep, quote;

	if (size < 1)
		return 0;
	sep = seps[data[0] % 5];
	quote = data[0] & 0x80 ? 0 : '"';
	c = crm_csv_new(sep, quote);
	size--;
	for (size_t at = 0; at < size;) {
		const char *nl = memchr(s + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (s + at)) : size - at;

		if (crm_csv_feed(c, s + at, len, &e) == 1 && quote &&
		    sep != ' ' && !has_cr(c))
			round_trip(c, sep, size);
		at += len + 1;
	}
	crm_csv_end(c, &e);
	crm_csv_free(c);
	return 0;
}
