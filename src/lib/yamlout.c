/* yamlout.c - YAML documents through libyaml's emitter, for profiles */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "crm.h"

struct crm_yaml {
	yaml_emitter_t em;
	FILE *fp; /* borrowed */
};

static void
emit(struct crm_yaml *y, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(&y->em, ev))
		crm_die(CRM_EX_IOERR, "cannot write YAML: %s",
			y->em.problem ? y->em.problem : "write error");
}

static int
write_handler(void *data, unsigned char *buf, size_t n)
{
	struct crm_yaml *y = data;

	return fwrite(buf, 1, n, y->fp) == n;
}

struct crm_yaml *
crm_yaml_open(FILE *fp)
{
	struct crm_yaml *y = crm_xmalloc(sizeof *y);
	yaml_event_t ev;

	y->fp = fp;
	if (!yaml_emitter_initialize(&y->em))
		crm_die(CRM_EX_SOFTWARE, "cannot start the YAML emitter");
	yaml_emitter_set_output(&y->em, write_handler, y);
	yaml_emitter_set_unicode(&y->em, 1);
	yaml_emitter_set_width(&y->em, -1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(y, &ev);
	return y;
}

void
crm_yaml_close(struct crm_yaml *y)
{
	yaml_event_t ev;

	if (!y)
		return;
	yaml_stream_end_event_initialize(&ev);
	emit(y, &ev);
	yaml_emitter_flush(&y->em);
	yaml_emitter_delete(&y->em);
	free(y);
}

void
crm_yaml_doc_begin(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
	emit(y, &ev);
}

void
crm_yaml_doc_end(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_document_end_event_initialize(&ev, 1);
	emit(y, &ev);
}

void
crm_yaml_map_begin(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
					    YAML_BLOCK_MAPPING_STYLE);
	emit(y, &ev);
}

void
crm_yaml_map_end(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_mapping_end_event_initialize(&ev);
	emit(y, &ev);
}

void
crm_yaml_seq_begin(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
					     YAML_BLOCK_SEQUENCE_STYLE);
	emit(y, &ev);
}

void
crm_yaml_seq_end(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_sequence_end_event_initialize(&ev);
	emit(y, &ev);
}

void
crm_yaml_empty_seq(struct crm_yaml *y)
{
	yaml_event_t ev;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
					     YAML_FLOW_SEQUENCE_STYLE);
	emit(y, &ev);
	crm_yaml_seq_end(y);
}

/*
 * libyaml refuses a scalar that is not valid UTF-8: a byte stored by
 * other hands (sqlite3) goes out as U+FFFD, as in crm_json_put_string().
 */
static void
scalar(struct crm_yaml *y, const char *s, int plain_ok,
       yaml_scalar_style_t style)
{
	char *fixed = crm_utf8_repair(s);
	yaml_event_t ev;

	if (fixed)
		s = fixed;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)strlen(s), plain_ok, 1, style))
		crm_die(CRM_EX_SOFTWARE, "cannot make a YAML scalar");
	free(fixed);
	emit(y, &ev);
}

/*
 * A string that a YAML reader would take for something else (a number, a
 * boolean, null, a date) must be quoted; libyaml only decides whether the
 * characters allow a plain scalar, not what it would mean.
 */
static int
plain_is_string(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null",
		"~", ".nan", ".inf", "-.inf", "+.inf"};
	const char *p = s;

	if (!*s)
		return 0;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	if (*p == '-' || *p == '+' || *p == '.')
		p++;
	/* anything starting like a number is quoted: 12, 0x1f, 1e3, 2025-01-01 */
	if (*p >= '0' && *p <= '9')
		return 0;
	return 1;
}

void
crm_yaml_str(struct crm_yaml *y, const char *s)
{
	if (!s) {
		scalar(y, "null", 1, YAML_PLAIN_SCALAR_STYLE);
		return;
	}
	if (plain_is_string(s))
		scalar(y, s, 1, YAML_ANY_SCALAR_STYLE);
	else
		scalar(y, s, 0, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void
crm_yaml_plain(struct crm_yaml *y, const char *s)
{
	scalar(y, s, 1, YAML_PLAIN_SCALAR_STYLE);
}

void
crm_yaml_key(struct crm_yaml *y, const char *k)
{
	scalar(y, k, 1, YAML_PLAIN_SCALAR_STYLE);
}

void
crm_yaml_kv_str(struct crm_yaml *y, const char *k, const char *v)
{
	crm_yaml_key(y, k);
	crm_yaml_str(y, v);
}

void
crm_yaml_kv_plain(struct crm_yaml *y, const char *k, const char *v)
{
	crm_yaml_key(y, k);
	if (v)
		crm_yaml_plain(y, v);
	else
		crm_yaml_str(y, NULL);
}

void
crm_yaml_kv_int(struct crm_yaml *y, const char *k, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	crm_yaml_kv_plain(y, k, buf);
}
