/* outfile.c - output files created exclusively and renamed into place */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "outfile.h"

/* the files SQLite keeps beside a database, named after it */
static const char *const companions[] = {"", "-wal", "-shm", "-journal"};
#define NCOMPANIONS (sizeof companions / sizeof companions[0])

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The directory part of path ("." for a bare name), allocated, and its
 * last name, borrowed from path ("" when path ends in a slash). */
static char *
split_path(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!slash) {
		*base = path;
		return crm_xstrdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return crm_xstrdup("/");
	dir = crm_xmalloc((size_t)(slash - path) + 1);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return dir;
}

/* path names the file name+suffix: the same file now, or, when one of
 * them does not exist yet, the same name in the same directory */
static int
names_file(const char *path, const struct stat *ps, const char *name,
	   const char *suffix)
{
	size_t n = strlen(name) + strlen(suffix) + 1;
	char *cand = crm_xmalloc(n), *pdir, *cdir;
	const char *pbase, *cbase;
	struct stat cs, pd, cd;
	int hit = 0;

	snprintf(cand, n, "%s%s", name, suffix);
	if (ps && stat(cand, &cs) == 0 && same_file(ps, &cs))
		hit = 1;
	pdir = split_path(path, &pbase);
	cdir = split_path(cand, &cbase);
	if (!hit && *pbase && !strcmp(pbase, cbase) && stat(pdir, &pd) == 0 &&
	    stat(cdir, &cd) == 0 && same_file(&pd, &cd))
		hit = 1;
	free(pdir);
	free(cdir);
	free(cand);
	return hit;
}

/* given: the name the user gave, for the message; path: where it leads */
static int
check_db(const char *given, const char *path, const char *db_path,
	 const char *real_db, int depth, struct crm_err *e)
{
	struct stat ps, ls;
	int exists = stat(path, &ps) == 0;

	for (size_t i = 0; i < NCOMPANIONS; i++) {
		if (!names_file(path, exists ? &ps : NULL, db_path,
				companions[i]) &&
		    !(real_db && names_file(path, exists ? &ps : NULL, real_db,
					    companions[i])))
			continue;
		if (!*companions[i])
			return crm_err_set(e, CRM_EX_USAGE,
					   "cannot write '%s': it is the "
					   "database '%s'", given, db_path);
		return crm_err_set(e, CRM_EX_USAGE,
				   "cannot write '%s': it is the database's "
				   "companion '%s%s'", given, db_path,
				   companions[i]);
	}
	/*
	 * A link to a file not there yet: the rename would replace the link
	 * and not create its target, but a link that leads to the database
	 * is a mistake worth stopping at all the same.
	 */
	if (!exists && depth < 16 && lstat(path, &ls) == 0 &&
	    S_ISLNK(ls.st_mode)) {
		char target[PATH_MAX], *dir, *next;
		const char *base;
		ssize_t len = readlink(path, target, sizeof target - 1);
		size_t n;
		int rc;

		if (len <= 0)
			return 0;
		target[len] = '\0';
		if (target[0] == '/')
			return check_db(given, target, db_path, real_db,
					depth + 1, e);
		dir = split_path(path, &base);
		n = strlen(dir) + strlen(target) + 2;
		next = crm_xmalloc(n);
		snprintf(next, n, "%s/%s", dir, target);
		rc = check_db(given, next, db_path, real_db, depth + 1, e);
		free(next);
		free(dir);
		return rc;
	}
	return 0;
}

int
crm_outfile_check_db(const char *path, const char *db_path,
		     struct crm_err *e)
{
	/* SQLite names the companions after the database with its links
	 * resolved; check the name as given as well */
	char *real_db = realpath(db_path, NULL);
	int rc = check_db(path, path, db_path, real_db, 0, e);

	free(real_db);
	return rc;
}

/*
 * The one output file being written, removed if the command exits
 * before committing it: crm_die calls exit from anywhere.
 */
static struct crm_outfile *pending;

static void
remove_tmp(const char *tmp)
{
	size_t n = strlen(tmp) + 16;
	char *name = crm_xmalloc(n);

	/* SQLite may have made a journal of the copy it writes there */
	for (size_t i = 0; i < NCOMPANIONS; i++) {
		snprintf(name, n, "%s%s", tmp, companions[i]);
		unlink(name);
	}
	free(name);
}

static void
release(struct crm_outfile *of)
{
	if (pending == of)
		pending = NULL;
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	of->fd = -1;
	of->fp = NULL;
}

void
crm_outfile_abort(struct crm_outfile *of)
{
	if (!of->tmp)
		return;
	remove_tmp(of->tmp);
	if (of->fp)
		fclose(of->fp);
	else if (of->fd >= 0)
		close(of->fd);
	release(of);
}

static void
abort_at_exit(void)
{
	if (pending)
		crm_outfile_abort(pending);
}

/* six letters or digits, for a name nobody can plant in advance */
static void
random_suffix(char *s)
{
	static const char set[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long long counter;
	unsigned char r[6];

	if (getentropy(r, sizeof r) < 0) {
		/* O_EXCL keeps a guessed name harmless: it costs a retry */
		struct timespec ts;
		unsigned long long x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long long)ts.tv_nsec ^
		    ((unsigned long long)getpid() << 32) ^ ++counter;
		for (size_t i = 0; i < sizeof r; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			r[i] = (unsigned char)(x >> 56);
		}
	}
	for (size_t i = 0; i < sizeof r; i++)
		s[i] = set[r[i] % (sizeof set - 1)];
	s[sizeof r] = '\0';
}

int
crm_outfile_open(struct crm_outfile *of, const char *path,
		 enum crm_outfile_mode mode, struct crm_err *e)
{
	static int registered;
	size_t n = strlen(path) + 16;
	struct stat sb;
	int fd = -1, saved;

	if (pending)
		crm_die(CRM_EX_SOFTWARE, "two output files at once: '%s' and "
			"'%s'", pending->path, path);
	memset(of, 0, sizeof *of);
	of->fd = -1;
	/* past ulimit -f a write fails with EFBIG, which is reported and
	 * cleaned up; SIGXFSZ would kill us and leave the file behind */
	signal(SIGXFSZ, SIG_IGN);
	of->tmp = crm_xmalloc(n);
	for (int tries = 0; tries < 100; tries++) {
		char suffix[8];

		random_suffix(suffix);
		snprintf(of->tmp, n, "%s.tmp%s", path, suffix);
		/* O_EXCL: never an existing file, nor through a link */
		fd = open(of->tmp,
			  O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  mode == CRM_OUTFILE_PRIVATE ? 0600 : 0666);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		saved = errno;
		crm_err_set(e, CRM_EX_CANTCREAT, "cannot create '%s': %s",
			    of->tmp, strerror(saved));
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	of->fd = fd;
	of->path = crm_xstrdup(path);
	if (!registered && atexit(abort_at_exit) == 0)
		registered = 1;
	pending = of;
	/* the umask may have taken the owner's bits too */
	if ((mode == CRM_OUTFILE_PRIVATE && fchmod(fd, 0600) < 0) ||
	    fstat(fd, &sb) < 0) {
		saved = errno;
		crm_err_set(e, CRM_EX_CANTCREAT, "cannot create '%s': %s",
			    of->tmp, strerror(saved));
		crm_outfile_abort(of);
		return -1;
	}
	of->dev = sb.st_dev;
	of->ino = sb.st_ino;
	return 0;
}

FILE *
crm_outfile_stream(struct crm_outfile *of)
{
	if (!of->fp && !(of->fp = fdopen(of->fd, "w"))) {
		int saved = errno;

		crm_outfile_abort(of);
		crm_die(CRM_EX_IOERR, "cannot write '%s': %s", of->path,
			strerror(saved));
	}
	return of->fp;
}

/* fsync the directory of path, so that the rename survives a crash */
static int
sync_dir(const char *path)
{
	const char *base;
	char *dir = split_path(path, &base);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = -1;
	int saved = errno;

	free(dir);
	if (fd < 0) {
		errno = saved;
		return -1;
	}
	/* some file systems cannot sync a directory, and say so */
	if (fsync(fd) == 0 || errno == EINVAL)
		rc = 0;
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
crm_outfile_commit(struct crm_outfile *of, struct crm_err *e)
{
	struct stat sb;
	int rc = 0;

	if (of->fp && (fflush(of->fp) != 0 || ferror(of->fp)))
		rc = -1;
	if (rc == 0 && fsync(of->fd) < 0)
		rc = -1;
	if (rc == 0) {
		rc = of->fp ? fclose(of->fp) : close(of->fd);
		of->fp = NULL;
		of->fd = -1;
	}
	if (rc != 0) {
		crm_err_set(e, CRM_EX_IOERR, "cannot write '%s': %s", of->path,
			    strerror(errno ? errno : EIO));
		crm_outfile_abort(of);
		return -1;
	}
	/* rename the file we created and nothing else: in a directory
	 * others may write, its name could have been given to another */
	if (lstat(of->tmp, &sb) < 0 || sb.st_dev != of->dev ||
	    sb.st_ino != of->ino) {
		crm_err_set(e, CRM_EX_CANTCREAT, "cannot write '%s': its "
			    "temporary file '%s' was replaced", of->path,
			    of->tmp);
		crm_outfile_abort(of);
		return -1;
	}
	if (rename(of->tmp, of->path) < 0) {
		crm_err_set(e, CRM_EX_CANTCREAT, "cannot replace '%s': %s",
			    of->path, strerror(errno));
		crm_outfile_abort(of);
		return -1;
	}
	/* the temporary file is gone: nothing is left to remove */
	free(of->tmp);
	of->tmp = NULL;
	if (sync_dir(of->path) < 0) {
		crm_err_set(e, CRM_EX_IOERR, "cannot sync the directory of "
			    "'%s': %s", of->path, strerror(errno));
		release(of);
		return -1;
	}
	release(of);
	return 0;
}
