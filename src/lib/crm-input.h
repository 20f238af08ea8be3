/* crm-input.h - reading files from outside: a till's CSV export, a text
 * log, an SMS gateway's replies.  Three layers, each fuzzed on its own
 * (fuzz/): encoding.c turns a line into UTF-8, csv.c splits lines into
 * fields, import.c reads a rules file (YAML) that says which field is
 * which, and import-read.c turns each record into the TSV record a bulk
 * loader reads.
 * Included by crm.h. */
#ifndef CRM_INPUT_H
#define CRM_INPUT_H

#include <stddef.h>

struct crm_err;
struct crm_tsv;

/* ---- encoding.c: a line in a named encoding, as UTF-8 ---------------- */

/* "utf-8" (also "utf8"), "iso-8859-1" ("latin1", "latin-1"),
 * "windows-1252" ("cp1252"); names compare case-insensitively.  NULL
 * with e set (78) for a name crm does not convert from. */
struct crm_conv *crm_conv_new(const char *name, struct crm_err *e);
void crm_conv_free(struct crm_conv *c);
/*
 * The n bytes at in as UTF-8: a pointer into a buffer c owns, valid
 * until the next call, NUL-terminated, its length in *outn.  NULL with
 * e set (65, the byte's offset in the message) for bytes the encoding
 * does not define (invalid UTF-8; 0x81 0x8D 0x8F 0x90 0x9D in
 * Windows-1252) and for a NUL byte.  A UTF-8 byte-order mark is the
 * caller's to skip.
 */
const char *crm_conv_line(struct crm_conv *c, const char *in, size_t n,
			  size_t *outn, struct crm_err *e);

/* ---- csv.c: RFC 4180 records, or fields split at runs of blanks ------ */

/* sep: ';', ',', '\t' or '|'; or ' ' for fields separated by runs of
 * spaces and tabs (leading and trailing blanks ignored).  quote: the
 * quote character ('"' as RFC 4180 says), 0 for none. */
struct crm_csv *crm_csv_new(int sep, int quote);
void crm_csv_free(struct crm_csv *c);
/*
 * Feed one physical line, without its LF (a CR before it is dropped
 * here).  1: a record is complete, its fields readable until the next
 * feed; 0: the line ended inside a quoted field, feed the next line
 * (the LF becomes part of the field); -1 with e set (65, the column)
 * for a malformed line, such as text after a closing quote, or a record
 * past 1 MiB.  An empty line (or, for ' ', a blank one) is a record of
 * no fields.
 */
int crm_csv_feed(struct crm_csv *c, const char *line, size_t n,
		 struct crm_err *e);
int crm_csv_nfields(const struct crm_csv *c);
const char *crm_csv_field(const struct crm_csv *c, int i); /* "" if none */
/* at end of input: -1 with e set when a quoted field is still open */
int crm_csv_end(struct crm_csv *c, struct crm_err *e);

/* ---- import.c, import-read.c: a rules file and the records it makes -- */

struct crm_rules;
/*
 * Load the rules file at path for a loader whose input has the columns
 * known[] (the loader's TSV header names; borrowed, they must outlive
 * the rules).  A malformed file, an unknown key or a field the loader
 * does not know dies with 78 and "PATH:LINE:COLUMN: what is wrong"; a
 * missing file with 66.  A %{NAME} the export's header lacks dies (78,
 * the same form) at the first crm_tsv_read of crm_tsv_open_rules.
 */
struct crm_rules *crm_rules_load(const char *path, const char *const *known,
				 int nknown);
/* The same from memory (the fuzzer's way in): NULL with e set (78). */
struct crm_rules *crm_rules_parse(const char *name, const char *text,
				  size_t n, const char *const *known,
				  int nknown, struct crm_err *e);
void crm_rules_free(struct crm_rules *r);
/*
 * A TSV reader that reads fp through the rules: its first record is a
 * header naming the fields the rules define, then one record for each
 * record of the export that is neither skipped nor ignored, its money in
 * crm's form (dot, no thousands separator), its dates YYYY-MM-DD.
 * crm_tsv_line is the physical line of the export where the record
 * began.  Close with crm_tsv_close; r must outlive it.
 */
struct crm_tsv *crm_tsv_open_rules(FILE *fp, const struct crm_rules *r);
/* -1 with e set (65, naming the export's column) when the rules could
 * not turn the current record into crm's fields; else 0.  Always 0 for
 * a plain TSV reader. */
int crm_tsv_record_error(const struct crm_tsv *t, struct crm_err *e);
/* the current record as one TSV line, escaped, with its LF */
void crm_tsv_put_record(FILE *fp, const struct crm_tsv *t);
/*
 * What -n prints with --rules: the TSV the rules make of in, header
 * first, on out.  A record the rules cannot convert dies (65), or with
 * keep_going is reported and left out; returns how many were.
 */
long crm_rules_print(FILE *in, FILE *out, const struct crm_rules *r,
		     int keep_going);

#endif
