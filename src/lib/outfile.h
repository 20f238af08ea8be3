/*
 * outfile.h - writing an output file without destroying data: a file
 * created exclusively beside its target, never through a symbolic link,
 * synced, then renamed over the target; a file that is the database or
 * one of its companions is refused.
 *
 * Use: crm_outfile_check_db, crm_outfile_open, write to of.fd, of.tmp or
 * crm_outfile_stream, then crm_outfile_commit or crm_outfile_abort.  Until
 * then the temporary file is removed at exit (crm_die included), so the
 * struct must stay where it is; one on the caller's stack is fine, since
 * exit() does not unwind it.  One output file at a time.
 */
#ifndef CRM_OUTFILE_H
#define CRM_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "crm.h"

enum crm_outfile_mode {
	CRM_OUTFILE_PUBLIC,  /* 0666 less the umask, as a shell's > makes it */
	CRM_OUTFILE_PRIVATE  /* 0600 whatever the umask: a copy of the data */
};

struct crm_outfile {
	char *path;  /* the target, as given (owned copy) */
	char *tmp;   /* the temporary file beside it, created by us alone */
	int fd;      /* open on tmp until committed or aborted */
	FILE *fp;    /* crm_outfile_stream's, on fd, or NULL */
	dev_t dev;   /* tmp as created: only that file is renamed */
	ino_t ino;
};

/*
 * 0 when writing path cannot touch the database db_path; else -1 and e
 * set (64): path is the database or its -wal, -shm or -journal file,
 * existing or not, by any name, link or directory leading there.
 */
int crm_outfile_check_db(const char *path, const char *db_path,
			 struct crm_err *e);
/* Create the temporary file for path: 0, or -1 with e set (73). */
int crm_outfile_open(struct crm_outfile *of, const char *path,
		     enum crm_outfile_mode mode, struct crm_err *e);
/* A stream on the temporary file (borrowed); dies (74) when none. */
FILE *crm_outfile_stream(struct crm_outfile *of);
/*
 * Flush, sync, rename over the target and sync its directory: 0, or -1
 * with e set (74 for a write, 73 for the rename) and nothing left behind.
 */
int crm_outfile_commit(struct crm_outfile *of, struct crm_err *e);
/* Remove the temporary file (and SQLite's companions of it). */
void crm_outfile_abort(struct crm_outfile *of);

#endif
