/* optable.c - a command's option table: getopt_long's arguments and the
 * usage text, so that the three cannot drift apart */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* the right margin of the usage text */
enum { USAGE_WIDTH = 79, HELP_COLUMN_MAX = 30 };

/* a val that is a letter is also a short option (-q) */
static int
is_short(int val)
{
	return (val >= 'a' && val <= 'z') || (val >= 'A' && val <= 'Z');
}

void
crm_getopt_init(struct crm_getopt *g, const struct crm_optdef *defs)
{
	size_t n = 0, s = 0;

	memset(g, 0, sizeof *g);
	for (const struct crm_optdef *d = defs; d->name; d++, n++) {
		/* a table that outgrows the arrays is a programming error */
		if (n == CRM_OPTS_MAX)
			crm_die(CRM_EX_SOFTWARE, "more than %d options",
				CRM_OPTS_MAX);
		g->longopts[n].name = d->name;
		g->longopts[n].has_arg =
			d->has_arg ? required_argument : no_argument;
		g->longopts[n].val = d->val;
		if (is_short(d->val)) {
			g->shortopts[s++] = (char)d->val;
			if (d->has_arg)
				g->shortopts[s++] = ':';
		}
	}
}

/* the length of the synopsis word at s: a space ends it, except inside
 * brackets and after a lone `<` or `|`, which go with the next word */
static size_t
word_len(const char *s)
{
	size_t i = 0;
	int depth = 0;

	for (; s[i]; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']')
			depth--;
		else if (s[i] == ' ' && depth == 0 &&
			 !(i == 1 && (s[0] == '<' || s[0] == '|')))
			break;
	}
	return i;
}

/* One form of the synopsis, wrapped at USAGE_WIDTH with its continuation
 * lines under the first option, as a man page's SYNOPSIS does. */
static void
put_form(FILE *fp, const char *lead, const char *form)
{
	size_t cmd = word_len(form);
	size_t col = strlen(lead) + cmd, indent = col + 1;

	fprintf(fp, "%s%.*s", lead, (int)cmd, form);
	for (const char *w = form + cmd; *w;) {
		size_t n;

		while (*w == ' ')
			w++;
		if (!*w)
			break;
		n = word_len(w);
		/* a word longer than a line goes on a line of its own */
		if (col + 1 + n > USAGE_WIDTH && col > indent) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			putc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", (int)n, w);
		col += n;
		w += n;
	}
	putc('\n', fp);
}

/* the width of an option's left column: "  -q, --quiet" or
 * "      --db FILE" */
static size_t
left_width(const struct crm_optdef *d)
{
	return 8 + strlen(d->name) + (d->arg ? 1 + strlen(d->arg) : 0);
}

static void
put_option(FILE *fp, const struct crm_optdef *d, size_t column)
{
	size_t w = left_width(d);

	if (is_short(d->val))
		fprintf(fp, "  -%c, --%s", d->val, d->name);
	else
		fprintf(fp, "      --%s", d->name);
	if (d->arg)
		fprintf(fp, " %s", d->arg);
	fprintf(fp, "%*s%s\n", (int)(w < column ? column - w : 2), "",
		d->help);
}

_Noreturn void
crm_usage(int status, const char *const *synopsis,
	  const struct crm_optdef *defs)
{
	FILE *fp = status ? stderr : stdout;
	size_t column = 0;

	for (size_t i = 0; synopsis[i]; i++)
		put_form(fp, i ? "       " : "usage: ", synopsis[i]);
	for (const struct crm_optdef *d = defs; d->name; d++)
		if (left_width(d) + 2 > column &&
		    left_width(d) + 2 <= HELP_COLUMN_MAX)
			column = left_width(d) + 2;
	fputs("\noptions:\n", fp);
	for (const struct crm_optdef *d = defs; d->name; d++)
		put_option(fp, d, column);
	if (status)
		exit(status);
	crm_close_stdout();
	exit(0);
}
