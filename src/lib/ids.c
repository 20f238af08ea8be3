/* ids.c - the customers a command acts on: operands, else stdin */
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const char *
key_word(enum crm_key key)
{
	return key == CRM_KEY_CARD ? "card" : key == CRM_KEY_EMAIL ? "e-mail"
								    : "id";
}

static long long
resolve(struct crm_db *db, enum crm_key key, const char *v, long line)
{
	long long id = crm_db_customer_find(db, key, v);
	const char *why;
	long long n;

	if (id)
		return id;
	if (key == CRM_KEY_ID && crm_int_parse(v, 1, INT64_MAX, &n, &why) < 0) {
		if (line)
			crm_die_line(CRM_EX_DATAERR, line,
				     "customer id '%s' %s", v, why);
		crm_die(CRM_EX_USAGE, "customer id '%s' %s", v, why);
	}
	if (line)
		crm_die_line(CRM_EX_NOINPUT, line, "no customer with %s '%s'",
			     key_word(key), v);
	crm_die(CRM_EX_NOINPUT, "no customer with %s '%s'", key_word(key), v);
}

/* Is this first record a header?  (a field is exactly a key column) */
static int
is_header(const struct crm_tsv *t)
{
	static const char *const keys[] = {"id", "customer", "card", "email"};

	for (int i = 0; i < crm_tsv_nfields(t); i++) {
		const char *f = crm_tsv_field(t, i);

		for (size_t k = 0; f && k < 4; k++)
			if (strcmp(f, keys[k]) == 0)
				return 1;
	}
	return 0;
}

static int
key_column(const struct crm_tsv *t, enum crm_key key)
{
	const char *want[2] = {"id", "customer"};

	if (key == CRM_KEY_CARD)
		want[0] = want[1] = "card";
	else if (key == CRM_KEY_EMAIL)
		want[0] = want[1] = "email";
	for (int w = 0; w < 2; w++)
		for (int i = 0; i < crm_tsv_nfields(t); i++) {
			const char *f = crm_tsv_field(t, i);

			if (f && strcmp(f, want[w]) == 0)
				return i;
		}
	crm_die_line(CRM_EX_DATAERR, crm_tsv_line(t),
		     "the header has no '%s' column",
		     key == CRM_KEY_ID ? "id" : want[0]);
}

long long
crm_each_id(struct crm_db *db, enum crm_key key, int argc, char **argv,
	    crm_id_fn fn, void *arg)
{
	struct crm_tsv *t;
	long long n = 0;
	int col = 0;

	if (argc > 0) {
		for (int i = 0; i < argc; i++, n++)
			fn(resolve(db, key, argv[i], 0), arg);
		return n;
	}
	if (isatty(STDIN_FILENO))
		return -1;
	t = crm_tsv_open(stdin);
	while (crm_tsv_read(t) > 0) {
		const char *v;

		if (crm_tsv_line(t) == 1 && is_header(t)) {
			col = key_column(t, key);
			continue;
		}
		v = crm_tsv_field(t, col);
		if (!v) {
			if (crm_tsv_nfields(t) == 1)
				continue; /* a blank line */
			crm_die_line(CRM_EX_DATAERR, crm_tsv_line(t),
				     "no customer %s", key_word(key));
		}
		fn(resolve(db, key, v, crm_tsv_line(t)), arg);
		n++;
	}
	crm_tsv_close(t);
	return n;
}

int
crm_report_operand(int argc, char **argv, int first, void (*usage)(int status))
{
	if (first == argc)
		return 0;
	if (strcmp(argv[first], "-") == 0 && first + 1 == argc)
		return 1;
	crm_warn("unexpected argument '%s' (only '-' is taken)",
		 strcmp(argv[first], "-") ? argv[first] : argv[first + 1]);
	usage(CRM_EX_USAGE);
	return 0;
}

void
crm_each_stdin(struct crm_db *db, crm_id_fn fn, void *arg)
{
	char *none[] = {NULL};

	if (crm_each_id(db, CRM_KEY_ID, 0, none, fn, arg) < 0)
		crm_die(CRM_EX_USAGE, "'-' reads ids from standard input, "
			"which is a terminal");
}

static void
mark(long long id, void *arg)
{
	crm_db_selection_add(arg, id);
}

void
crm_mark_stdin(struct crm_db *db)
{
	crm_each_stdin(db, mark, db);
}
