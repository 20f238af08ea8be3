/* import.h - a loaded rules file, shared by import.c, which reads it, and
 * import-read.c, which turns an export's records into crm's through it.
 * Private to libcrm (and its unit test). */
#ifndef CRM_IMPORT_H
#define CRM_IMPORT_H

#include <stdio.h>

/* what a field holds, and so how its value is converted */
enum rule_kind { RULE_TEXT, RULE_MONEY, RULE_DATE };

/* a piece of a template: text, %{NAME}, %{N} or %{line} */
enum part_type { PART_TEXT, PART_NAME, PART_POS, PART_LINE };

struct rule_part {
	enum part_type type;
	char *text;     /* PART_TEXT: the text; PART_NAME: the column name */
	int ref;        /* PART_NAME, PART_POS: its slot in a reader's colof[] */
	int pos;        /* PART_POS: the 0-based column */
	size_t line, col; /* where it stands in the rules file, for messages */
};

struct rule_field {
	const char *name; /* the loader's known[] entry, borrowed */
	enum rule_kind kind;
	int constant;     /* no % in it: taken as it is, in crm's form */
	struct rule_part *parts;
	int nparts;
};

/* a record that meets a condition is skipped */
struct rule_cond {
	int empty;             /* {empty: COL}; else {column: COL, matches: GLOB} */
	struct rule_part col;  /* PART_NAME or PART_POS */
	char *glob;            /* matched as crm-habits --item matches (glob.c) */
};

struct crm_rules {
	char *name;            /* the rules file, for messages */
	char *encoding;
	int sep, quote, header;
	long skip;
	char **columns;        /* names by position, or NULL: the header's */
	int ncolumns;
	int decimal, thousands; /* thousands 0: none */
	char *date_format;
	struct rule_cond *ignore;
	int nignore;
	struct rule_field *fields;
	int nfields;
	int repeated;          /* the field of skip-repeated, or -1 */
	int nrefs;             /* column references, numbered 0.. */
};

/*
 * Find the column of every reference of r among names[] (the export's
 * header, or the rules' columns): colof[ref] becomes its index.  -1 with
 * e set (78, "FILE:LINE:COL: ...") for a name that is not there.
 */
int crm_rules_resolve(const struct crm_rules *r, const char *const *names,
		      int n, int *colof, struct crm_err *e);

/*
 * Conversions of import-read.c, for one value (blanks around it are
 * ignored).  Money: "1.234,50" with decimal ',' and thousands '.' is
 * "1234.50" in out (outsz bytes).  Dates: the value read with fmt
 * (%d %m %Y %y, %H %M %S ignored, %% and literal characters) as
 * YYYY-MM-DD in out (CRM_DATE_BUFSZ bytes).  -1 with *why set.
 */
int crm_import_money(const char *s, int decimal, int thousands, char *out,
		     size_t outsz, const char **why);
int crm_import_date(const char *s, const char *fmt, char *out,
		    const char **why);
/* NULL when fmt is a date format crm_import_date reads, else why not */
const char *crm_import_date_format_check(const char *fmt);

/* ---- the reading side, used by tsv.c ---------------------------------- */
struct crm_import;
struct crm_import *crm_import_open(FILE *fp, const struct crm_rules *r);
void crm_import_close(struct crm_import *im);
/* the next record's fields (the header of field names first), their
 * number; 0 at the end of input */
int crm_import_read(struct crm_import *im, const char *const **fields);
long crm_import_line(const struct crm_import *im);
/* -1 with e set when the current record could not be converted */
int crm_import_error(const struct crm_import *im, struct crm_err *e);

#endif
