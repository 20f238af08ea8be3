/* config.c - the YAML configuration file and category definitions */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "crm.h"

/* A loaded YAML document and the file it came from, for messages. */
struct ydoc {
	yaml_document_t doc;
	const char *path;
};

static int
node_err(struct crm_err *e, const struct ydoc *d, const yaml_node_t *n,
	 const char *what)
{
	return crm_err_set(e, CRM_EX_CONFIG, "%s:%zu:%zu: %s", d->path,
			   n->start_mark.line + 1, n->start_mark.column + 1,
			   what);
}

/* Parse the file at path into d; a missing file returns 1 when allowed. */
static int
ydoc_load(struct ydoc *d, const char *path, int missing_ok, struct crm_err *e)
{
	yaml_parser_t parser;
	FILE *fp = fopen(path, "r");
	int ok;

	d->path = path;
	if (!fp) {
		if (missing_ok && errno == ENOENT)
			return 1;
		return crm_err_set(e, errno == ENOENT ? CRM_EX_NOINPUT
						      : CRM_EX_CONFIG,
				   "cannot open '%s': %s", path,
				   strerror(errno));
	}
	if (!yaml_parser_initialize(&parser))
		crm_die(CRM_EX_SOFTWARE, "cannot start the YAML parser");
	yaml_parser_set_input_file(&parser, fp);
	ok = yaml_parser_load(&parser, &d->doc);
	if (!ok)
		crm_err_set(e, CRM_EX_CONFIG, "%s:%zu:%zu: %s", path,
			    parser.problem_mark.line + 1,
			    parser.problem_mark.column + 1,
			    parser.problem ? parser.problem : "malformed YAML");
	yaml_parser_delete(&parser);
	fclose(fp);
	return ok ? 0 : -1;
}

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

static int
get_bool(const struct ydoc *d, const yaml_node_t *n, int *out,
	 struct crm_err *e)
{
	const char *s = scalar(n);

	if (s && (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "on")))
		return *out = 1, 0;
	if (s && (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "off")))
		return *out = 0, 0;
	return node_err(e, d, n, "expected yes or no");
}

static int
get_int(const struct ydoc *d, const yaml_node_t *n, const char *key,
	long long min, long long max, int *out, struct crm_err *e)
{
	const char *why;
	long long v;
	char msg[128];

	if (!scalar(n) || crm_int_parse(scalar(n), min, max, &v, &why) < 0) {
		snprintf(msg, sizeof msg,
			 "%s must be an integer from %lld to %lld", key, min,
			 max);
		return node_err(e, d, n, msg);
	}
	*out = (int)v;
	return 0;
}

static int
get_str(const struct ydoc *d, const yaml_node_t *n, const char *key,
	char **out, struct crm_err *e)
{
	char msg[128];

	if (!scalar(n) || !*scalar(n)) {
		snprintf(msg, sizeof msg, "%s must be a non-empty string", key);
		return node_err(e, d, n, msg);
	}
	free(*out);
	*out = crm_xstrdup(scalar(n));
	return 0;
}

/* country_code: the shop's country calling code, for matching phones */
static int
get_country_code(const struct ydoc *d, const yaml_node_t *n, char *out,
		 size_t outsz, struct crm_err *e)
{
	const char *v = scalar(n);

	/* "+49" as people write it is taken too */
	if (v && *v == '+')
		v++;
	if (!v || crm_country_code_check(v) < 0)
		return node_err(e, d, n, "country_code must be a country "
				"calling code of 1 to 3 digits, such as 49");
	snprintf(out, outsz, "%s", v);
	return 0;
}

static int
get_percent(const struct ydoc *d, const yaml_node_t *n, const char *key,
	    int *out, struct crm_err *e)
{
	const char *why;
	char msg[128];

	if (!scalar(n) || crm_percent_parse(scalar(n), out, &why) < 0) {
		snprintf(msg, sizeof msg,
			 "%s must be a percentage from 0 to 100 with at most "
			 "two decimals", key);
		return node_err(e, d, n, msg);
	}
	return 0;
}

/*
 * A mapping's keys, each once.  libyaml keeps every pair of a mapping,
 * the later ones never overriding the earlier, so a key given twice
 * would be read twice: it is an error, at the second.  A hash set of the
 * keys seen (open addressing, at most half full) keeps this linear: a
 * config with 40,000 categories is read by every command.  Keys that are
 * not scalars are left to the caller's "expected a key".
 */
static int
unique_keys(const struct ydoc *d, const yaml_node_t *n, const char *what,
	    struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	yaml_node_pair_t *pair;
	size_t npairs = (size_t)(n->data.mapping.pairs.top -
				 n->data.mapping.pairs.start);
	size_t cap = 16, i;
	const yaml_node_t **seen;
	int rc = 0;

	if (npairs < 2)
		return 0;
	while (cap < 2 * npairs)
		cap *= 2;
	seen = crm_xmalloc(cap * sizeof *seen);
	memset(seen, 0, cap * sizeof *seen);
	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top && rc == 0; pair++) {
		const yaml_node_t *k = yaml_document_get_node(doc, pair->key);
		const char *key = scalar(k);

		if (!key)
			continue;
		for (i = crm_hash(key) & (cap - 1); seen[i];
		     i = (i + 1) & (cap - 1))
			if (!strcmp(scalar(seen[i]), key))
				break;
		if (seen[i]) {
			char msg[200];

			snprintf(msg, sizeof msg,
				 "%s '%.80s' given twice (first on line %zu)",
				 what, key, seen[i]->start_mark.line + 1);
			rc = node_err(e, d, k, msg);
		}
		seen[i] = k;
	}
	free(seen);
	return rc;
}

static int
parse_catdef(const struct ydoc *d, const yaml_node_t *name,
	     const yaml_node_t *terms, struct crm_catdef *c, struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	yaml_node_pair_t *pair;

	c->name = NULL;
	c->description = NULL;
	c->discount = c->bonus = c->prepay = -1;
	if (!scalar(name) || !*scalar(name))
		return node_err(e, d, name, "a category name must be a string");
	c->name = crm_xstrdup(scalar(name));
	/* `vip:` with no terms is a category with the defaults */
	if (terms->type == YAML_SCALAR_NODE && !*scalar(terms))
		return 0;
	if (terms->type != YAML_MAPPING_NODE)
		return node_err(e, d, terms,
				"a category's terms must be a mapping");
	if (unique_keys(d, terms, "category term", e) < 0)
		return -1;
	for (pair = terms->data.mapping.pairs.start;
	     pair < terms->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(doc, pair->value);
		const char *key = scalar(k);
		int rc;

		if (!key)
			return node_err(e, d, k, "expected a key");
		if (!strcmp(key, "description"))
			rc = get_str(d, v, key, &c->description, e);
		else if (!strcmp(key, "discount"))
			rc = get_percent(d, v, key, &c->discount, e);
		else if (!strcmp(key, "bonus"))
			rc = get_percent(d, v, key, &c->bonus, e);
		else if (!strcmp(key, "prepay"))
			rc = get_bool(d, v, &c->prepay, e);
		else {
			char msg[160];

			snprintf(msg, sizeof msg,
				 "unknown category term '%.80s' (description, "
				 "discount, bonus, prepay)", key);
			rc = node_err(e, d, k, msg);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int
parse_categories(const struct ydoc *d, const yaml_node_t *n,
		 struct crm_catdefs *c, struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	yaml_node_pair_t *pair;

	crm_catdefs_release(c);
	if (n->type == YAML_SCALAR_NODE && !*scalar(n))
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return node_err(e, d, n,
				"categories must be a mapping of names to terms");
	if (unique_keys(d, n, "category", e) < 0)
		return -1;
	/* one allocation: the pairs are all there */
	c->v = crm_xmalloc((size_t)(n->data.mapping.pairs.top -
				    n->data.mapping.pairs.start) *
			   sizeof *c->v);
	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(doc, pair->value);

		/* counted even on an error: its name is freed with it */
		if (parse_catdef(d, k, v, &c->v[c->n++], e) < 0)
			return -1;
	}
	return 0;
}

int
crm_segment_pattern_ok(const char *p)
{
	for (int pos = 0; pos < 3; pos++) {
		if ((*p >= '1' && *p <= '5') || *p == '?') {
			p++;
			continue;
		}
		const char *start;

		if (*p != '[')
			return -1;
		for (start = ++p; *p >= '1' && *p <= '5'; p++)
			;
		if (*p != ']' || p == start)
			return -1;
		p++;
	}
	return *p ? -1 : 0;
}

int
crm_segment_match(const char *p, const char *code)
{
	for (int pos = 0; pos < 3; pos++, code++) {
		if (*p == '?' || *p == *code) {
			p++;
			continue;
		}
		if (*p != '[')
			return 0;
		{
			int hit = 0;

			for (p++; *p != ']'; p++)
				hit |= *p == *code;
			p++;
			if (!hit)
				return 0;
		}
	}
	return 1;
}

const struct crm_segments *
crm_segments_default(void)
{
	/* first match wins: recency and frequency decide, monetary splits
	 * the champions from the loyal */
	static struct crm_segment v[] = {
		{"champions", "[45][45][45]"},
		{"loyal", "[345][345]?"},
		{"promising", "[45][12]?"},
		{"needs-attention", "3[12]?"},
		{"at-risk", "[12][345]?"},
		{"hibernating", "2[12]?"},
		{"lost", "1[12]?"},
	};
	static const struct crm_segments map = {v, sizeof v / sizeof *v};

	return &map;
}

static void
segments_release(struct crm_segments *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].pattern);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* segments: a mapping of names to patterns, in order; every one of the
 * 125 codes must fall in a segment */
static int
parse_segments(const struct ydoc *d, const yaml_node_t *n,
	       struct crm_segments *s, struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	yaml_node_pair_t *pair;
	char code[4], msg[160];

	segments_release(s);
	if (n->type != YAML_MAPPING_NODE)
		return node_err(e, d, n,
				"segments must be a mapping of names to "
				"patterns such as \"[45][45]?\"");
	if (unique_keys(d, n, "segment", e) < 0)
		return -1;
	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(doc, pair->value);

		if (!scalar(k) || !*scalar(k) || strpbrk(scalar(k), " \t\n"))
			return node_err(e, d, k, "a segment name must be one "
					"word, such as at-risk");
		if (!scalar(v) || crm_segment_pattern_ok(scalar(v)) < 0) {
			snprintf(msg, sizeof msg,
				 "segment '%.40s': the pattern must be three of "
				 "1-5, ? or [1-5...], such as [45][45]?",
				 scalar(k));
			return node_err(e, d, v, msg);
		}
		s->v = crm_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
		s->v[s->n].name = crm_xstrdup(scalar(k));
		s->v[s->n].pattern = crm_xstrdup(scalar(v));
		s->n++;
	}
	for (int c = 0; c < 125; c++) {
		size_t i;

		snprintf(code, sizeof code, "%d%d%d", c / 25 + 1, c / 5 % 5 + 1,
			 c % 5 + 1);
		for (i = 0; i < s->n; i++)
			if (crm_segment_match(s->v[i].pattern, code))
				break;
		if (i == s->n) {
			snprintf(msg, sizeof msg,
				 "segments: code %s falls in no segment", code);
			return node_err(e, d, n, msg);
		}
	}
	return 0;
}

/* report_sections: a list of section names, kept as "a,b,c" */
static int
parse_sections(const struct ydoc *d, const yaml_node_t *n, char **out,
	       struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	size_t len = 0;
	char *s = NULL;

	if (n->type != YAML_SEQUENCE_NODE)
		return node_err(e, d, n, "report_sections must be a list such "
				"as [sales, top, lapsed]");
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *v = yaml_document_get_node(doc, *i);
		const char *name = scalar(v);
		size_t k;

		if (!name || crm_section_lookup(name) < 0) {
			free(s);
			return node_err(e, d, v, "unknown report section (sales, "
					"customers, categories, top, lapsed, lost, "
					"referrals, complaints, bonus, segments)");
		}
		k = strlen(name);
		s = crm_xrealloc(s, len + k + 2);
		if (len)
			s[len++] = ',';
		memcpy(s + len, name, k + 1);
		len += k;
	}
	free(*out);
	*out = s;
	return 0;
}

const char *
crm_wordlist_find(const struct crm_wordlist *l, const char *s)
{
	/* strcasecmp folds ASCII letters only, as SQLite's NOCASE does in
	 * crm-ls --source: the two agree on what is the same word */
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], s) == 0)
			return l->v[i];
	return NULL;
}

static void
wordlist_release(struct crm_wordlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* sources:, reasons: a list of spellings, none twice in any case: the
 * list says which spelling a value takes, so two that differ only in
 * case would leave that open */
static int
parse_wordlist(const struct ydoc *d, const yaml_node_t *n, const char *key,
	       struct crm_wordlist *l, struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	char msg[160];

	if (n->type != YAML_SEQUENCE_NODE) {
		snprintf(msg, sizeof msg, "%s must be a list such as "
			 "[fair, friend, web]", key);
		return node_err(e, d, n, msg);
	}
	wordlist_release(l);
	l->set = 1;
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *v = yaml_document_get_node(doc, *i);
		const char *word = scalar(v), *dup;

		if (!word || !*word) {
			snprintf(msg, sizeof msg,
				 "%s: each entry must be a non-empty string", key);
			return node_err(e, d, v, msg);
		}
		if ((dup = crm_wordlist_find(l, word))) {
			snprintf(msg, sizeof msg, "%s: '%.40s' is listed "
				 "already as '%.40s'", key, word, dup);
			return node_err(e, d, v, msg);
		}
		l->v = crm_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n++] = crm_xstrdup(word);
	}
	return 0;
}

static int
get_unlisted(const struct ydoc *d, const yaml_node_t *n, int *warn,
	     struct crm_err *e)
{
	const char *s = scalar(n);

	if (s && !strcmp(s, "refuse"))
		return *warn = 0, 0;
	if (s && !strcmp(s, "warn"))
		return *warn = 1, 0;
	return node_err(e, d, n, "unlisted must be refuse or warn");
}

/* mail_from, mail_subject: one header's text, no line break in it
 * (it would start a header of its own in crm-report --mail) */
static int
get_header(const struct ydoc *d, const yaml_node_t *n, const char *key,
	   char **out, struct crm_err *e)
{
	struct crm_err why;

	if (get_str(d, n, key, out, e) < 0)
		return -1;
	if (crm_mime_value_check(key, *out, CRM_EX_CONFIG, &why) < 0)
		return node_err(e, d, n, why.msg);
	return 0;
}

/* mail_to: an address list, or a YAML list of them, kept as "a, b" */
static int
get_recipients(const struct ydoc *d, const yaml_node_t *n, char **out,
	       struct crm_err *e)
{
	yaml_document_t *doc = (yaml_document_t *)&d->doc;
	size_t len = 0;
	char *s = NULL;

	if (n->type != YAML_SEQUENCE_NODE)
		return get_header(d, n, "mail_to", out, e);
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *v = yaml_document_get_node(doc, *i);
		char *a = NULL;
		size_t k;

		if (get_header(d, v, "mail_to", &a, e) < 0) {
			free(s);
			return -1;
		}
		k = strlen(a);
		s = crm_xrealloc(s, len + k + 3);
		if (len) {
			memcpy(s + len, ", ", 2);
			len += 2;
		}
		memcpy(s + len, a, k + 1);
		len += k;
		free(a);
	}
	if (!s)
		return node_err(e, d, n, "mail_to must name an address");
	free(*out);
	*out = s;
	return 0;
}

static yaml_node_t *
root_mapping(struct ydoc *d, struct crm_err *e)
{
	yaml_node_t *root = yaml_document_get_root_node(&d->doc);

	if (!root)
		return NULL; /* an empty file */
	if (root->type == YAML_SCALAR_NODE && !*scalar(root))
		return NULL;
	if (root->type != YAML_MAPPING_NODE) {
		node_err(e, d, root, "expected a mapping of settings");
		return (yaml_node_t *)-1;
	}
	return root;
}

static int
parse_config(struct ydoc *d, struct crm_config *c, struct crm_err *e)
{
	yaml_node_t *root = root_mapping(d, e);
	yaml_node_pair_t *pair;

	if (root == (yaml_node_t *)-1)
		return -1;
	if (!root)
		return 0;
	if (unique_keys(d, root, "setting", e) < 0)
		return -1;
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(&d->doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(&d->doc, pair->value);
		const char *key = scalar(k);
		char *cur = NULL;
		int rc;

		if (!key)
			return node_err(e, d, k, "expected a key");
		if (!strcmp(key, "database"))
			rc = get_str(d, v, key, &c->database, e);
		else if (!strcmp(key, "currency")) {
			rc = get_str(d, v, key, &cur, e);
			if (rc == 0 && (strlen(cur) >= sizeof c->currency))
				rc = node_err(e, d, v,
					      "currency must be a code such as EUR");
			if (rc == 0) {
				strcpy(c->currency, cur);
				c->currency_set = 1;
			}
			free(cur);
		} else if (!strcmp(key, "minor_digits")) {
			rc = get_int(d, v, key, 0, 4, &c->minor_digits, e);
			c->digits_set = rc == 0;
		} else if (!strcmp(key, "default_category")) {
			rc = get_str(d, v, key, &c->default_category, e);
			c->default_category_set = 1;
		}
		else if (!strcmp(key, "lapsed_days"))
			rc = get_int(d, v, key, 1, 100000, &c->lapsed_days, e);
		else if (!strcmp(key, "top_percent"))
			rc = get_int(d, v, key, 1, 100, &c->top_percent, e);
		else if (!strcmp(key, "busy_timeout"))
			rc = get_int(d, v, key, 0, 3600000, &c->busy_timeout, e);
		else if (!strcmp(key, "categories"))
			rc = parse_categories(d, v, &c->categories, e);
		else if (!strcmp(key, "segments"))
			rc = parse_segments(d, v, &c->segments, e);
		else if (!strcmp(key, "report_sections"))
			rc = parse_sections(d, v, &c->report_sections, e);
		else if (!strcmp(key, "country_code"))
			rc = get_country_code(d, v, c->country_code,
					      sizeof c->country_code, e);
		else if (!strcmp(key, "sources"))
			rc = parse_wordlist(d, v, key, &c->sources, e);
		else if (!strcmp(key, "reasons"))
			rc = parse_wordlist(d, v, key, &c->reasons, e);
		else if (!strcmp(key, "unlisted"))
			rc = get_unlisted(d, v, &c->unlisted_warn, e);
		else if (!strcmp(key, "mail_from"))
			rc = get_header(d, v, key, &c->mail_from, e);
		else if (!strcmp(key, "mail_to"))
			rc = get_recipients(d, v, &c->mail_to, e);
		else if (!strcmp(key, "mail_subject"))
			rc = get_header(d, v, key, &c->mail_subject, e);
		else {
			char msg[160];

			snprintf(msg, sizeof msg, "unknown setting '%.80s'", key);
			rc = node_err(e, d, k, msg);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static char *
default_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *p;
	size_t n;

	if (xdg && *xdg) {
		n = strlen(xdg) + 32;
		p = crm_xmalloc(n);
		snprintf(p, n, "%s/crm/config.yaml", xdg);
	} else if (home && *home) {
		n = strlen(home) + 40;
		p = crm_xmalloc(n);
		snprintf(p, n, "%s/.config/crm/config.yaml", home);
	} else
		return NULL;
	return p;
}

void
crm_config_load(struct crm_config *c, const char *explicit_path)
{
	const char *env = getenv("CRM_CONFIG");
	const char *busy = getenv("CRM_BUSY_TIMEOUT");
	struct crm_err e;
	struct ydoc d;
	int missing_ok = 0, rc;

	memset(c, 0, sizeof *c);
	c->minor_digits = 2;
	c->lapsed_days = 90;
	c->top_percent = 20;
	c->busy_timeout = 5000;
	if (explicit_path)
		c->path = crm_xstrdup(explicit_path);
	else if (env && *env)
		c->path = crm_xstrdup(env);
	else {
		c->path = default_config_path();
		missing_ok = 1;
	}
	if (c->path) {
		rc = ydoc_load(&d, c->path, missing_ok, &e);
		if (rc < 0) /* a config named but missing is bad configuration */
			crm_die(CRM_EX_CONFIG, "%s", e.msg);
		if (rc == 0) {
			rc = parse_config(&d, c, &e);
			yaml_document_delete(&d.doc);
			if (rc < 0)
				crm_die(e.status, "%s", e.msg);
		} else {
			free(c->path);
			c->path = NULL;
		}
	}
	if (!c->default_category)
		c->default_category = crm_xstrdup("regular");
	if (busy && *busy) {
		const char *why;
		long long v;

		if (crm_int_parse(busy, 0, 3600000, &v, &why) < 0)
			crm_die(CRM_EX_CONFIG,
				"CRM_BUSY_TIMEOUT '%s' %s (milliseconds)", busy,
				why);
		c->busy_timeout = (int)v;
	}
}

void
crm_catdefs_release(struct crm_catdefs *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].description);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

int
crm_catdefs_load(struct crm_catdefs *c, const char *path, struct crm_err *e)
{
	struct ydoc d;
	yaml_node_t *root, *v = NULL;
	yaml_node_pair_t *pair;
	int rc;

	memset(c, 0, sizeof *c);
	if (ydoc_load(&d, path, 0, e) < 0)
		return -1;
	root = root_mapping(&d, e);
	if (root == (yaml_node_t *)-1 ||
	    (root && unique_keys(&d, root, "key", e) < 0)) {
		yaml_document_delete(&d.doc);
		return -1;
	}
	for (pair = root ? root->data.mapping.pairs.start : NULL;
	     root && pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(&d.doc, pair->key);

		if (scalar(k) && !strcmp(scalar(k), "categories"))
			v = yaml_document_get_node(&d.doc, pair->value);
	}
	if (!v) {
		yaml_document_delete(&d.doc);
		return crm_err_set(e, CRM_EX_DATAERR,
				   "%s: no 'categories:' mapping", path);
	}
	rc = parse_categories(&d, v, c, e);
	yaml_document_delete(&d.doc);
	return rc;
}

void
crm_config_release(struct crm_config *c)
{
	free(c->path);
	free(c->database);
	free(c->default_category);
	crm_catdefs_release(&c->categories);
	segments_release(&c->segments);
	free(c->report_sections);
	wordlist_release(&c->sources);
	wordlist_release(&c->reasons);
	free(c->mail_from);
	free(c->mail_to);
	free(c->mail_subject);
	memset(c, 0, sizeof *c);
}
