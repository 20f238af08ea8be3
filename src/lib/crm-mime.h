/* crm-mime.h - one mail message for sendmail -t (mime.c): quoted-printable
 * and base64 bodies, RFC 2047 words, checked header values; included by
 * crm.h */
#ifndef CRM_MIME_H
#define CRM_MIME_H

#include <time.h>

/* n bytes of s as quoted-printable (RFC 2045 6.7): lines of at most 76
 * characters, a LF of s a line break, a final "=" soft break when s does
 * not end in LF; -1 with errno on a write error */
int crm_mime_qp(FILE *out, const char *s, size_t n);
/* n bytes of s as base64, lines of 76 characters, each ending in LF */
int crm_mime_base64(FILE *out, const char *s, size_t n);
/* s as it is when it is printable ASCII, else as RFC 2047 "B" encoded
 * words of UTF-8, none longer than 75 characters, folded with LF and a
 * space; col is the column the value starts at */
int crm_mime_header_text(FILE *out, const char *s, size_t col);

/* A header value from outside (an option, the config) may not hold a CR
 * or LF, which would start a header of its own, nor another control
 * character: -1 with status and a message naming what */
int crm_mime_value_check(const char *what, const char *value, int status,
			 struct crm_err *e);

/* Addresses: a list split at commas outside quotes and <...>, each
 * trimmed; an empty one, a control character or non-ASCII is refused
 * (-1, status) naming what.  Appended to *v (n of them, malloc'd). */
int crm_mime_addresses(const char *what, const char *list, int status,
		       char ***v, size_t *n, struct crm_err *e);
void crm_mime_addresses_free(char **v, size_t n);

/* A boundary that occurs in none of the encoded parts (in buf, n bytes) */
void crm_mime_boundary(char *buf, size_t size, const char *const *parts,
		       size_t nparts);

/* the message: text and HTML as multipart/alternative */
struct crm_mail {
	const char *from;         /* NULL: sendmail -t fills it in */
	char *const *to;          /* checked addresses */
	size_t nto;
	const char *subject;      /* UTF-8, encoded when not ASCII */
	time_t date;              /* the Date: header */
	const char *text, *html;  /* UTF-8 bodies */
	size_t ntext, nhtml;
};
/* the whole message; -1 with errno on a write error */
int crm_mail_write(FILE *out, const struct crm_mail *m);

#endif
