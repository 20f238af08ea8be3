/*
 * tap.h - a tiny header-only TAP producer for the libcrm unit tests.
 *
 *	ok(cond, "what %d", n);
 *	is_int(got, want, "what");
 *	is_str(got, want, "what");	(either may be NULL)
 *	diag("note %s", s);		a "# " comment on stdout
 *	return done_testing();		the plan "1..N", then 0 or 1
 *
 * run_child(fn, arg, msg, size) runs fn(arg) in a fork()ed child with
 * stdout silenced and stderr captured into msg; it returns the child's exit
 * status, or 128 + signal when it was killed.  For code that dies.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAP_UNUSED __attribute__((unused))
#define TAP_FMT(a, b) __attribute__((format(printf, a, b)))

static int tap_run, tap_failed;

/* "ok N - description"; '#' is escaped and newlines become spaces */
static int
tap_vresult(int pass, const char *fmt, va_list ap)
{
	char d[512];

	vsnprintf(d, sizeof d, fmt, ap);
	printf("%sok %d - ", pass ? "" : "not ", ++tap_run);
	for (const char *p = d; *p; p++) {
		if (*p == '#')
			putchar('\\');
		putchar(*p == '\n' ? ' ' : *p);
	}
	putchar('\n');
	if (!pass)
		tap_failed++;
	fflush(stdout);
	return pass;
}

static TAP_UNUSED TAP_FMT(1, 2) void
diag(const char *fmt, ...)
{
	char d[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d, sizeof d, fmt, ap);
	va_end(ap);
	for (size_t n = strlen(d); n && d[n - 1] == '\n'; n--)
		d[n - 1] = '\0';
	fputs("# ", stdout);
	for (const char *p = d; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			fputs("# ", stdout);
	}
	putchar('\n');
	fflush(stdout);
}

static TAP_UNUSED TAP_FMT(2, 3) int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cond = tap_vresult(cond != 0, fmt, ap);
	va_end(ap);
	return cond;
}

static TAP_UNUSED TAP_FMT(3, 4) int
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("     got: %lld\nexpected: %lld", got, want);
	return pass;
}

static TAP_UNUSED TAP_FMT(3, 4) int
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int pass = got && want ? strcmp(got, want) == 0 : got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("     got: %s%s%s\nexpected: %s%s%s", got ? "'" : "",
		     got ? got : "NULL", got ? "'" : "", want ? "'" : "",
		     want ? want : "NULL", want ? "'" : "");
	return pass;
}

static TAP_UNUSED int
done_testing(void)
{
	printf("1..%d\n", tap_run);
	if (tap_failed)
		diag("failed %d of %d tests", tap_failed, tap_run);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

static TAP_UNUSED int
run_child(void (*fn)(void *), void *arg, char *msg, size_t size)
{
	int fd[2], status, null;
	size_t n = 0;
	ssize_t r;
	char buf[4096];
	pid_t pid;

	fflush(NULL);
	if (pipe(fd) < 0 || (pid = fork()) < 0) {
		perror("run_child");
		exit(99);
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		fn(arg);
		_exit(0);
	}
	close(fd[1]);
	/* read it all, so the child never blocks; keep what fits */
	while ((r = read(fd[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < r; i++)
			if (n + 1 < size)
				msg[n++] = buf[i];
	if (size)
		msg[n] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status)
				 : 128 + WTERMSIG(status);
}

#endif
