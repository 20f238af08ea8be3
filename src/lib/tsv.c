/* tsv.c - reading and writing the tab-separated format every command shares */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "import.h"

struct crm_tsv {
	FILE *fp;          /* borrowed */
	char *buf;         /* the current line, decoded in place */
	size_t cap;
	char **fields;     /* pointers into buf */
	int nfields, fcap;
	int width; /* the header's fields: a record may not have more */
	const char **names; /* the header's column names, for messages */
	long line;
	struct crm_import *imp; /* records come through rules instead */
	struct crm_tsv *next; /* the readers open, see close_at_exit */
};

/*
 * The readers still open.  A bad line ends the command with crm_die from
 * deep inside a loop; the reader is freed at exit, so neither valgrind
 * nor LeakSanitizer reports it.
 */
static struct crm_tsv *open_readers;

static void
close_at_exit(void)
{
	while (open_readers)
		crm_tsv_close(open_readers);
}

struct crm_tsv *
crm_tsv_open(FILE *fp)
{
	static int registered;
	struct crm_tsv *t = crm_xmalloc(sizeof *t);

	memset(t, 0, sizeof *t);
	t->fp = fp;
	if (!registered && atexit(close_at_exit) == 0)
		registered = 1;
	t->next = open_readers;
	open_readers = t;
	return t;
}

void
crm_tsv_close(struct crm_tsv *t)
{
	struct crm_tsv **p;

	if (!t)
		return;
	for (p = &open_readers; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	crm_import_close(t->imp);
	free(t->buf);
	free(t->fields);
	free(t->names);
	free(t);
}

/* decode \t \n \r \\ in place; any other backslash is kept as it is */
static void
unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			char c = s[1];

			if (c == 't' || c == 'n' || c == 'r' || c == '\\') {
				*w++ = c == 't' ? '\t' : c == 'n' ? '\n'
						   : c == 'r' ? '\r' : '\\';
				s++;
				continue;
			}
		}
		*w++ = *s;
	}
	*w = '\0';
}

static void
push_field(struct crm_tsv *t, char *f)
{
	if (t->nfields == t->fcap) {
		t->fcap = t->fcap ? t->fcap * 2 : 16;
		t->fields = crm_xrealloc(t->fields, t->fcap * sizeof *t->fields);
	}
	t->fields[t->nfields++] = f;
}

/*
 * Every field must be text (SPEC.md "Text in"), checked after decoding:
 * \t \n \r become TAB, LF and CR, which text may hold.  A bad field
 * ends the command, --keep-going or not, as a NUL byte does: a file in
 * another encoding is wrong as a whole, not line by line.
 */
static void
check_text(const struct crm_tsv *t)
{
	struct crm_err e;

	for (int i = 0; i < t->nfields; i++) {
		if (crm_text_check(t->fields[i], &e) == 0)
			continue;
		if (t->names && i < t->width)
			crm_die_line(e.status, t->line, "column %s: %s",
				     t->names[i], e.msg);
		crm_die_line(e.status, t->line, "field %d: %s", i + 1, e.msg);
	}
}

struct crm_tsv *
crm_tsv_open_rules(FILE *fp, const struct crm_rules *r)
{
	struct crm_tsv *t = crm_tsv_open(fp);

	t->imp = crm_import_open(fp, r);
	return t;
}

/* the next record the rules make: the fields are the reader's, text is
 * checked as on a TSV line */
static int
read_rules(struct crm_tsv *t)
{
	const char *const *f;
	int n = crm_import_read(t->imp, &f);

	t->line = crm_import_line(t->imp);
	/* the fields stay the reader's; tsv.c only reads them */
	for (int i = 0; i < n; i++)
		push_field(t, (char *)f[i]);
	check_text(t);
	return n;
}

int
crm_tsv_record_error(const struct crm_tsv *t, struct crm_err *e)
{
	return t->imp ? crm_import_error(t->imp, e) : 0;
}

void
crm_tsv_put_record(FILE *fp, const struct crm_tsv *t)
{
	for (int i = 0; i < t->nfields; i++) {
		if (i)
			putc('\t', fp);
		crm_tsv_put_escaped(fp, t->fields[i]);
	}
	putc('\n', fp);
}

int
crm_tsv_read(struct crm_tsv *t)
{
	ssize_t n;
	char *p;

	t->nfields = 0;
	if (t->imp)
		return read_rules(t);
	n = getline(&t->buf, &t->cap, t->fp);
	if (n < 0) {
		if (ferror(t->fp))
			crm_die(CRM_EX_IOERR, "cannot read standard input");
		return 0;
	}
	t->line++;
	if (n > 0 && t->buf[n - 1] == '\n')
		t->buf[--n] = '\0';
	if (n > 0 && t->buf[n - 1] == '\r')
		t->buf[--n] = '\0';
	if (memchr(t->buf, '\0', (size_t)n))
		crm_die_line(CRM_EX_DATAERR, t->line, "contains a NUL byte");
	p = t->buf;
	/* a byte-order mark, which spreadsheets write, is not part of the
	 * first column's name */
	if (t->line == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		char *tab = strchr(p, '\t');

		push_field(t, p);
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (t->width && t->nfields > t->width)
		crm_die_line(CRM_EX_DATAERR, t->line,
			     "%d fields, more than the header's %d", t->nfields,
			     t->width);
	for (int i = 0; i < t->nfields; i++)
		if (strchr(t->fields[i], '\\'))
			unescape(t->fields[i]);
	check_text(t);
	return t->nfields;
}

int
crm_tsv_nfields(const struct crm_tsv *t)
{
	return t->nfields;
}

const char *
crm_tsv_field(const struct crm_tsv *t, int i)
{
	if (i < 0 || i >= t->nfields || t->fields[i][0] == '\0')
		return NULL;
	return t->fields[i];
}

long
crm_tsv_line(const struct crm_tsv *t)
{
	return t->line;
}

int
crm_tsv_map_header(const struct crm_tsv *t, const char *const *known,
		   int nknown, int *map, struct crm_err *e)
{
	/* the reader is the caller's: the cast records its header */
	struct crm_tsv *w = (struct crm_tsv *)t;

	for (int k = 0; k < nknown; k++)
		map[k] = -1;
	for (int i = 0; i < t->nfields; i++) {
		const char *name = t->fields[i];
		int k;

		for (k = 0; k < nknown; k++)
			if (strcmp(name, known[k]) == 0)
				break;
		if (k == nknown)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "unknown column '%s'", name);
		if (map[k] >= 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "column '%s' given twice", name);
		map[k] = i;
	}
	/* known[] outlives the reader: the commands' tables are static */
	w->width = t->nfields;
	free(w->names);
	w->names = crm_xmalloc((size_t)t->nfields * sizeof *w->names);
	for (int k = 0; k < nknown; k++)
		if (map[k] >= 0)
			w->names[map[k]] = known[k];
	return 0;
}

void
crm_tsv_put_escaped(FILE *fp, const char *s)
{
	/* runs without a character to escape go out in one write: reports
	 * print millions of fields */
	for (;;) {
		size_t n = strcspn(s, "\t\n\r\\");

		fwrite(s, 1, n, fp);
		s += n;
		if (!*s)
			return;
		switch (*s++) {
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		}
	}
}
