/* import.c - a rules file (YAML): how to read a foreign export, CSV or a
 * text log, as the TSV a bulk loader takes.  The model is hledger's CSV
 * rules; man 5 crm-rules describes the keys.  import-read.c applies them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "crm.h"
#include "import.h"

/* what the parse works on; the messages name the rules file */
struct rparse {
	yaml_document_t doc;
	struct crm_rules *r;
	const char *const *known;
	int nknown;
	struct crm_err *e;
	const yaml_node_t *repeated; /* the value of skip-repeated */
};

static int
mark_err(struct rparse *p, size_t line, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
mark_err(struct rparse *p, size_t line, size_t col, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return crm_err_set(p->e, CRM_EX_CONFIG, "%s:%zu:%zu: %s", p->r->name,
			   line, col, what);
}

#define node_err(p, n, ...)                                                   \
	mark_err(p, (n)->start_mark.line + 1, (n)->start_mark.column + 1,     \
		 __VA_ARGS__)

static yaml_node_t *
node(struct rparse *p, int id)
{
	return yaml_document_get_node(&p->doc, id);
}

/* the text of a scalar node; NULL with e set for a list or mapping */
static const char *
scalar(struct rparse *p, const yaml_node_t *n, const char *key)
{
	if (n->type == YAML_SCALAR_NODE)
		return (const char *)n->data.scalar.value;
	node_err(p, n, "%s takes a single value", key);
	return NULL;
}

static enum rule_kind
kind_of(const char *field)
{
	static const char *const money[] = {"amount", "cost", "value"};
	static const char *const dates[] = {"date", "created"};

	for (size_t i = 0; i < sizeof money / sizeof *money; i++)
		if (!strcmp(field, money[i]))
			return RULE_MONEY;
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
		if (!strcmp(field, dates[i]))
			return RULE_DATE;
	return RULE_TEXT;
}

static void
add_part(struct rule_field *f, enum part_type type, const char *s, size_t n)
{
	struct rule_part *q;

	f->parts = crm_xrealloc(f->parts, (size_t)(f->nparts + 1) * sizeof *q);
	q = &f->parts[f->nparts++];
	memset(q, 0, sizeof *q);
	q->type = type;
	if (s) {
		q->text = crm_xmalloc(n + 1);
		memcpy(q->text, s, n);
		q->text[n] = '\0';
	}
}

/* %{N} with N a whole number from 1, else a name */
static void
name_or_pos(struct crm_rules *r, struct rule_part *q)
{
	long long pos;
	const char *why;

	if (crm_int_parse(q->text, 1, 10000, &pos, &why) == 0 &&
	    q->text[0] != '+') {
		q->type = PART_POS;
		q->pos = (int)pos - 1;
	}
	q->ref = r->nrefs++;
}

/*
 * A template: text, %{NAME}, %{N}, %{line} and %% for a %.  The marks of
 * the parts point into the rules file; a quoted scalar starts one column
 * later, and a folded or multi-line one only approximately.
 */
static int
parse_template(struct rparse *p, const yaml_node_t *n, struct rule_field *f)
{
	const char *s = (const char *)n->data.scalar.value, *t = s;
	size_t line = n->start_mark.line + 1, col = n->start_mark.column + 1;

	if (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		col++;
	f->constant = !strchr(s, '%');
	while (*t) {
		size_t lit = strcspn(t, "%");
		const char *end;

		if (lit) {
			add_part(f, PART_TEXT, t, lit);
			t += lit;
			continue;
		}
		if (t[1] == '%') {
			add_part(f, PART_TEXT, "%", 1);
			t += 2;
			continue;
		}
		if (t[1] != '{' || !(end = strchr(t + 2, '}')) || end == t + 2)
			return mark_err(p, line, col + (size_t)(t - s),
					"a %% starts %%{NAME}, %%{N} or %%{line}"
					" (%%%% for a %%)");
		if (end - t == 6 && !strncmp(t + 2, "line", 4)) {
			add_part(f, PART_LINE, NULL, 0);
		} else {
			add_part(f, PART_NAME, t + 2, (size_t)(end - t - 2));
			name_or_pos(p->r, &f->parts[f->nparts - 1]);
		}
		f->parts[f->nparts - 1].line = line;
		f->parts[f->nparts - 1].col = col + (size_t)(t - s);
		t = end + 1;
	}
	return 0;
}

static int
parse_fields(struct rparse *p, const yaml_node_t *n)
{
	struct crm_rules *r = p->r;

	if (n->type != YAML_MAPPING_NODE)
		return node_err(p, n, "fields is a mapping of crm's columns to "
				"templates");
	for (yaml_node_pair_t *pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node(p, pair->key), *v = node(p, pair->value);
		const char *name = scalar(p, k, "a field's name");
		struct rule_field *f;
		int i;

		if (!name || !scalar(p, v, name))
			return -1;
		for (i = 0; i < p->nknown; i++)
			if (!strcmp(name, p->known[i]))
				break;
		if (i == p->nknown)
			return node_err(p, k, "'%s' is not a column this command "
					"reads", name);
		for (int j = 0; j < r->nfields; j++)
			if (r->fields[j].name == p->known[i])
				return node_err(p, k, "field '%s' given twice",
						name);
		r->fields = crm_xrealloc(r->fields, (size_t)(r->nfields + 1) *
							    sizeof *r->fields);
		f = &r->fields[r->nfields++];
		memset(f, 0, sizeof *f);
		f->name = p->known[i];
		f->kind = kind_of(name);
		if (parse_template(p, v, f) < 0)
			return -1;
	}
	if (r->nfields == 0)
		return node_err(p, n, "fields names no field");
	return 0;
}

/* a column of a condition: a name of the export, or a position from 1 */
static int
cond_column(struct rparse *p, const yaml_node_t *v, struct rule_cond *c)
{
	const char *s = scalar(p, v, "a condition's column");

	if (!s)
		return -1;
	if (!*s)
		return node_err(p, v, "a condition needs a column");
	free(c->col.text);
	c->col.type = PART_NAME;
	c->col.text = crm_xstrdup(s);
	c->col.line = v->start_mark.line + 1;
	c->col.col = v->start_mark.column + 1;
	name_or_pos(p->r, &c->col);
	return 0;
}

static int
parse_cond(struct rparse *p, const yaml_node_t *n, struct rule_cond *c)
{
	int has_col = 0, has_glob = 0;

	if (n->type != YAML_MAPPING_NODE)
		return node_err(p, n, "a condition is {column: NAME, matches: "
				"GLOB} or {empty: NAME}");
	for (yaml_node_pair_t *pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node(p, pair->key), *v = node(p, pair->value);
		const char *key = scalar(p, k, "a key");
		const char *s;

		if (!key)
			return -1;
		if (!strcmp(key, "column") || !strcmp(key, "empty")) {
			if (has_col++)
				return node_err(p, k, "a condition names one "
						"column");
			c->empty = key[0] == 'e';
			if (cond_column(p, v, c) < 0)
				return -1;
		} else if (!strcmp(key, "matches")) {
			if (has_glob++)
				return node_err(p, k, "matches given twice");
			if (!(s = scalar(p, v, key)))
				return -1;
			c->glob = crm_xstrdup(s);
		} else
			return node_err(p, k, "unknown key '%s' in a condition"
					" (column, matches, empty)", key);
	}
	if (!has_col || c->empty == has_glob)
		return node_err(p, n, "a condition is {column: NAME, matches: "
				"GLOB} or {empty: NAME}");
	return 0;
}

static int
parse_ignore(struct rparse *p, const yaml_node_t *n)
{
	struct crm_rules *r = p->r;

	if (n->type != YAML_SEQUENCE_NODE)
		return node_err(p, n, "ignore is a list of conditions");
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		struct rule_cond *c;

		r->ignore = crm_xrealloc(r->ignore, (size_t)(r->nignore + 1) *
							    sizeof *r->ignore);
		c = &r->ignore[r->nignore++];
		memset(c, 0, sizeof *c);
		if (parse_cond(p, node(p, *i), c) < 0)
			return -1;
	}
	return 0;
}

static int
parse_columns(struct rparse *p, const yaml_node_t *n)
{
	struct crm_rules *r = p->r;

	if (n->type != YAML_SEQUENCE_NODE)
		return node_err(p, n, "columns is a list of names");
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *v = node(p, *i);
		const char *s = scalar(p, v, "a column's name");

		if (!s)
			return -1;
		r->columns = crm_xrealloc(r->columns, (size_t)(r->ncolumns + 1) *
							      sizeof *r->columns);
		r->columns[r->ncolumns++] = crm_xstrdup(s);
	}
	if (r->ncolumns == 0)
		return node_err(p, n, "columns names no column");
	return 0;
}

/* one of names[] (list, for the message), as its character of chars */
static int
one_char(struct rparse *p, const yaml_node_t *v, const char *key,
	 const char *const *names, const char *chars, const char *list,
	 int *out)
{
	const char *s = scalar(p, v, key);

	if (!s)
		return -1;
	for (int i = 0; names[i]; i++)
		if (!strcmp(s, names[i])) {
			*out = (unsigned char)chars[i];
			return 0;
		}
	return node_err(p, v, "%s '%s' is not one of %s", key, s, list);
}

static int
parse_bool(struct rparse *p, const yaml_node_t *v, const char *key, int *out)
{
	const char *s = scalar(p, v, key);

	if (!s)
		return -1;
	if (!strcmp(s, "true") || !strcmp(s, "yes"))
		*out = 1;
	else if (!strcmp(s, "false") || !strcmp(s, "no"))
		*out = 0;
	else
		return node_err(p, v, "%s is true or false, not '%s'", key, s);
	return 0;
}

static int
parse_key(struct rparse *p, const char *key, const yaml_node_t *v)
{
	static const char *const sep_names[] = {";", ",", "tab", "\t", "|",
						"space", " ", NULL};
	static const char *const quote_names[] = {"\"", "'", "none", NULL};
	static const char *const dec_names[] = {",", ".", NULL};
	static const char *const th_names[] = {".", ",", " ", "'", "none",
					       NULL};
	struct crm_rules *r = p->r;
	const char *s, *why;
	long long n;

	if (!strcmp(key, "separator"))
		return one_char(p, v, key, sep_names, ";,\t\t|  ",
				"';' ',' tab '|' space", &r->sep);
	if (!strcmp(key, "quote"))
		return one_char(p, v, key, quote_names, "\"'",
				"'\"' \"'\" none", &r->quote);
	if (!strcmp(key, "decimal-mark"))
		return one_char(p, v, key, dec_names, ",.", "',' '.'",
				&r->decimal);
	if (!strcmp(key, "thousands"))
		return one_char(p, v, key, th_names, "., '",
				"'.' ',' ' ' \"'\" none", &r->thousands);
	if (!strcmp(key, "header"))
		return parse_bool(p, v, key, &r->header);
	if (!strcmp(key, "columns"))
		return parse_columns(p, v);
	if (!strcmp(key, "fields"))
		return parse_fields(p, v);
	if (!strcmp(key, "ignore"))
		return parse_ignore(p, v);
	if (!(s = scalar(p, v, key)))
		return -1;
	if (!strcmp(key, "skip")) {
		if (crm_int_parse(s, 0, 1000000, &n, &why) < 0)
			return node_err(p, v, "skip '%s' %s", s, why);
		r->skip = (long)n;
	} else if (!strcmp(key, "encoding")) {
		struct crm_conv *c = crm_conv_new(s, p->e);

		if (!c)
			return node_err(p, v, "%s", p->e->msg);
		crm_conv_free(c);
		free(r->encoding);
		r->encoding = crm_xstrdup(s);
	} else if (!strcmp(key, "date-format")) {
		if ((why = crm_import_date_format_check(s)))
			return node_err(p, v, "date-format '%s': %s", s, why);
		free(r->date_format);
		r->date_format = crm_xstrdup(s);
	} else if (!strcmp(key, "skip-repeated")) {
		/* resolved once fields is read, wherever it stands */
		p->repeated = v;
	} else
		return -2;
	return 0;
}

static const char *const keys =
	"encoding separator quote skip header columns decimal-mark thousands "
	"date-format ignore fields skip-repeated";

static int
parse_root(struct rparse *p)
{
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	struct crm_rules *r = p->r;
	yaml_node_t *seen[32];
	int nseen = 0;

	if (!root || root->type != YAML_MAPPING_NODE)
		return mark_err(p, root ? root->start_mark.line + 1 : 1,
				root ? root->start_mark.column + 1 : 1,
				"a rules file is a mapping (keys: %s)", keys);
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node(p, pair->key), *v = node(p, pair->value);
		const char *key = scalar(p, k, "a key");
		int rc;

		if (!key)
			return -1;
		for (int i = 0; i < nseen; i++)
			if (!strcmp(key, (const char *)seen[i]->data.scalar.value))
				return node_err(p, k, "%s given twice (first on "
						"line %zu)", key,
						seen[i]->start_mark.line + 1);
		if (nseen < 32)
			seen[nseen++] = k;
		rc = parse_key(p, key, v);
		if (rc == -2)
			return node_err(p, k, "unknown key '%s' (keys: %s)", key,
					keys);
		if (rc < 0)
			return -1;
	}
	if (!r->nfields)
		return mark_err(p, root->start_mark.line + 1,
				root->start_mark.column + 1,
				"the rules have no fields: key");
	if (r->thousands == r->decimal)
		return mark_err(p, 1, 1, "thousands and decimal-mark are both "
				"'%c'", r->decimal);
	if (!r->header && !r->columns)
		for (int i = 0; i < r->nfields; i++)
			for (int j = 0; j < r->fields[i].nparts; j++)
				if (r->fields[i].parts[j].type == PART_NAME)
					return mark_err(
						p, r->fields[i].parts[j].line,
						r->fields[i].parts[j].col,
						"no header and no columns: "
						"name columns by position");
	return 0;
}

/* skip-repeated names a field the rules define */
static int
resolve_repeated(struct rparse *p)
{
	struct crm_rules *r = p->r;
	const char *s;

	if (!p->repeated)
		return 0;
	s = (const char *)p->repeated->data.scalar.value;
	for (int i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, s)) {
			r->repeated = i;
			return 0;
		}
	return node_err(p, p->repeated, "skip-repeated: '%s' is not one of "
			"the fields", s);
}

static struct crm_rules *
rules_new(const char *name)
{
	struct crm_rules *r = crm_xmalloc(sizeof *r);

	memset(r, 0, sizeof *r);
	r->name = crm_xstrdup(name);
	r->sep = ',';
	r->quote = '"';
	r->header = 1;
	r->decimal = '.';
	r->date_format = crm_xstrdup("%Y-%m-%d");
	r->repeated = -1;
	return r;
}

struct crm_rules *
crm_rules_parse(const char *name, const char *text, size_t n,
		const char *const *known, int nknown, struct crm_err *e)
{
	struct rparse p;
	yaml_parser_t parser;
	int ok;

	memset(&p, 0, sizeof p);
	p.r = rules_new(name);
	p.known = known;
	p.nknown = nknown;
	p.e = e;
	if (!yaml_parser_initialize(&parser))
		crm_die(CRM_EX_SOFTWARE, "cannot start the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
	ok = yaml_parser_load(&parser, &p.doc);
	if (!ok)
		mark_err(&p, parser.problem_mark.line + 1,
			 parser.problem_mark.column + 1, "%s",
			 parser.problem ? parser.problem : "malformed YAML");
	yaml_parser_delete(&parser);
	if (ok) {
		ok = parse_root(&p) == 0 && resolve_repeated(&p) == 0;
		/* with columns, a name that is not one of them is known now */
		if (ok && p.r->columns) {
			int *colof = crm_xmalloc(((size_t)p.r->nrefs + 1) *
						 sizeof *colof);

			ok = crm_rules_resolve(p.r,
					       (const char *const *)p.r->columns,
					       p.r->ncolumns, colof, e) == 0;
			free(colof);
		}
		yaml_document_delete(&p.doc);
	}
	if (!ok) {
		crm_rules_free(p.r);
		return NULL;
	}
	return p.r;
}

struct crm_rules *
crm_rules_load(const char *path, const char *const *known, int nknown)
{
	FILE *fp = fopen(path, "r");
	struct crm_rules *r;
	struct crm_err e;
	char *text = NULL;
	size_t cap = 0, n = 0, got;

	if (!fp)
		crm_die(errno == ENOENT ? CRM_EX_NOINPUT : CRM_EX_CONFIG,
			"cannot open '%s': %s", path, strerror(errno));
	do {
		if (n + 4096 > cap)
			text = crm_xrealloc(text, cap = cap ? 2 * cap : 8192);
		got = fread(text + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp))
		crm_die(CRM_EX_CONFIG, "cannot read '%s': %s", path,
			strerror(errno));
	fclose(fp);
	r = crm_rules_parse(path, text, n, known, nknown, &e);
	free(text);
	if (!r)
		crm_die(e.status, "%s", e.msg);
	return r;
}

static int
resolve_one(const struct crm_rules *r, const struct rule_part *q,
	    const char *const *names, int n, int *colof, struct crm_err *e)
{
	if (q->type == PART_POS) {
		colof[q->ref] = q->pos;
		return 0;
	}
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], q->text)) {
			colof[q->ref] = i;
			return 0;
		}
	return crm_err_set(e, CRM_EX_CONFIG, "%s:%zu:%zu: no column '%s' in "
			   "the %s", r->name, q->line, q->col, q->text,
			   r->columns ? "columns" : "export's header");
}

int
crm_rules_resolve(const struct crm_rules *r, const char *const *names, int n,
		  int *colof, struct crm_err *e)
{
	for (int i = 0; i < r->nfields; i++)
		for (int j = 0; j < r->fields[i].nparts; j++) {
			const struct rule_part *q = &r->fields[i].parts[j];

			if ((q->type == PART_NAME || q->type == PART_POS) &&
			    resolve_one(r, q, names, n, colof, e) < 0)
				return -1;
		}
	for (int i = 0; i < r->nignore; i++)
		if (resolve_one(r, &r->ignore[i].col, names, n, colof, e) < 0)
			return -1;
	return 0;
}

void
crm_rules_free(struct crm_rules *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nfields; i++) {
		for (int j = 0; j < r->fields[i].nparts; j++)
			free(r->fields[i].parts[j].text);
		free(r->fields[i].parts);
	}
	free(r->fields);
	for (int i = 0; i < r->nignore; i++) {
		free(r->ignore[i].col.text);
		free(r->ignore[i].glob);
	}
	free(r->ignore);
	for (int i = 0; i < r->ncolumns; i++)
		free(r->columns[i]);
	free(r->columns);
	free(r->encoding);
	free(r->date_format);
	free(r->name);
	free(r);
}
