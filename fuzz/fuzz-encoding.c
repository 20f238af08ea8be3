/* fuzz-encoding.c - libFuzzer harness of the encoding conversion
 * (encoding.c).  The first byte picks the encoding; whatever comes out
 * must itself pass the UTF-8 check unchanged, so no conversion can hand
 * the database a malformed string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char *const names[] = { "utf-8", "iso-8859-1", "windows-1252" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_conv *c, *check;
	struct crm_err e;
	const char *out, *again;
	char *copy;
	size_t n, m;

	if (size < 1)
		return 0;
	c = crm_conv_new(names[data[0] % 3], &e);
	check = crm_conv_new("utf-8", &e);
	if (!c || !check)
		abort();
	out = crm_conv_line(c, (const char *)data + 1, size - 1, &n, &e);
	if (out) {
		if (strlen(out) != n)
			abort();
		copy = crm_xmalloc(n + 1);
		memcpy(copy, out, n + 1);
		again = crm_conv_line(check, copy, n, &m, &e);
		if (!again || m != n || memcmp(again, copy, n) != 0)
			abort();
		free(copy);
	} else if (e.status != 65) {
		abort();
	}
	crm_conv_free(c);
	crm_conv_free(check);
	return 0;
}
