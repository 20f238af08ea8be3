# shellcheck shell=sh disable=SC2016
# lib.sh -- test library for the crm black-box tests (POSIX sh, TAP output).
#
# A test script looks like this:
#
#	#!/bin/sh
#	test_description='crm-add'
#	. "$(dirname "$0")/lib.sh"
#	test_expect_success 'title' 'shell body'
#	test_expect_code 66 'title' 'body whose last command exits 66'
#	test_done
#
# Every script runs in its own trash directory, tests/trash.<script>, with
# HOME, XDG_DATA_HOME and XDG_CONFIG_HOME inside it, LC_ALL=C, TZ=UTC,
# CRM_TODAY=2025-06-30 and CRM_DB=$TRASH/crm.db.  The trash directory is
# removed when every test passed, unless CRM_TEST_KEEP is set.
#
# A body is eval'd in the script's shell (like git's test-lib): it succeeds
# when its last command exits 0, so commands are chained with &&.  A broken
# &&-chain is reported as a bug in the test (CRM_TEST_CHAIN_LINT=0 turns the
# check off).  A body's output is kept and shown, as TAP comments, when the
# test fails; with -v (or CRM_TEST_VERBOSE=1) it goes to stderr as it runs.
#
# Binaries come first in PATH: $CRM_TEST_INSTALLED (an installed copy's bin
# directory) if set, else $CRM_BIN if set, else <repo>/bin.
#
# Optional arguments of a test script: -v/--verbose, -k/--keep (keep the
# trash directory), -i/--immediate (stop at the first failure).
#
# PostgreSQL mode: when CRM_TEST_PG holds libpq keywords that reach a
# server as a superuser (tests/pg-cluster start prints them, e.g.
# "host=/tmp/crm-pg.x1 port=5432 user=crm"), the script's default database
# is a PostgreSQL database of its own, named after the script (crm_ and the
# name in lower case, '-' as '_': crm_t1000_add), dropped and created empty
# with psql when the script starts, and
# CRM_DB="postgresql:dbname=crm_t1000_add $CRM_TEST_PG".  It is dropped
# again when every test passed (like the trash directory).  Databases named
# by other paths (--db other.db) are still SQLite files.  tests/run
# --postgresql runs the suite this way; one script by hand:
#	CRM_TEST_PG="$(tests/pg-cluster start /tmp/pg)" sh tests/t1000-add.sh
#
# Prerequisites for the two modes: SQLITE_DB holds when the default
# database is the SQLite file $CRM_DB (tests about the file itself: its
# mode, -wal, sqlite3 on it, copying or damaging it); POSTGRES holds in
# PostgreSQL mode.  A script that is about the file as a whole starts with
#	test_have_prereq SQLITE_DB || skip_all 'about the SQLite file'
# test_fresh_db gives an empty default database, not made by crm-init, in
# either mode (instead of rm "$CRM_DB"); db_exists is true when the
# default database was made (instead of test -e "$CRM_DB").  pg_conninfo
# DB prints the libpq connection string of a postgresql: or postgresql://
# DB (for psql -d).

# ---------------------------------------------------------------------------
# Where we are

if [ -z "${test_description-}" ]; then
	echo "Bail out! $0: set test_description before sourcing lib.sh"
	exit 1
fi

case $0 in
*/*)	TEST_DIRECTORY=${0%/*} ;;
*)	TEST_DIRECTORY=. ;;
esac
TEST_DIRECTORY=$(cd "$TEST_DIRECTORY" && pwd -P) || {
	echo "Bail out! cannot find the test directory of $0"
	exit 1
}
this_test=${0##*/}
this_test=${this_test%.sh}
TEST_DATA=$TEST_DIRECTORY/data
CRM_SOURCE_DIR=$(cd "$TEST_DIRECTORY/.." && pwd -P)

test_verbose_=${CRM_TEST_VERBOSE-}
test_immediate_=
while [ $# -gt 0 ]; do
	case $1 in
	-v|--verbose) test_verbose_=1 ;;
	-k|--keep) CRM_TEST_KEEP=1 ;;
	-i|--immediate) test_immediate_=1 ;;
	*) echo "Bail out! $0: unknown option '$1'"; exit 1 ;;
	esac
	shift
done

# ---------------------------------------------------------------------------
# The binaries under test

if [ -n "${CRM_TEST_INSTALLED-}" ]; then
	CRM_BIN_DIR=$CRM_TEST_INSTALLED
elif [ -n "${CRM_BIN-}" ]; then
	CRM_BIN_DIR=$CRM_BIN
else
	CRM_BIN_DIR=$CRM_SOURCE_DIR/bin
fi
if [ ! -d "$CRM_BIN_DIR" ] || [ ! -x "$CRM_BIN_DIR/crm-init" ]; then
	echo "Bail out! no crm commands in '$CRM_BIN_DIR' (run make first)"
	exit 1
fi
CRM_BIN_DIR=$(cd "$CRM_BIN_DIR" && pwd -P)

# ---------------------------------------------------------------------------
# A clean environment

TRASH_DIRECTORY=${CRM_TEST_ROOT:-$TEST_DIRECTORY}/trash.$this_test
TRASH=$TRASH_DIRECTORY

unset CRM_DB CRM_CONFIG CRM_BUSY_TIMEOUT CRM_TODAY CRM_PROGRESS \
	PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE \
	PGSERVICE PGSERVICEFILE PGOPTIONS PGAPPNAME PGSSLMODE PGTZ \
	PGDATESTYLE PGCLIENTENCODING PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS \
	XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME \
	XDG_DATA_DIRS XDG_CONFIG_DIRS XDG_RUNTIME_DIR \
	LANG LANGUAGE LC_CTYPE LC_MESSAGES LC_NUMERIC LC_COLLATE LC_TIME \
	CDPATH GREP_OPTIONS POSIXLY_CORRECT
LC_ALL=C
TZ=UTC
HOME=$TRASH
XDG_DATA_HOME=$TRASH/.local/share
XDG_CONFIG_HOME=$TRASH/.config
CRM_TODAY=2025-06-30
if [ -n "${CRM_TEST_PG-}" ]; then
	test_pg_db_=$(printf 'crm_%s\n' "$this_test" | tr 'A-Z-' 'a-z_')
	CRM_DB="postgresql:dbname=$test_pg_db_ $CRM_TEST_PG"
else
	CRM_DB=$TRASH/crm.db
fi
PATH=$CRM_BIN_DIR:$PATH
export LC_ALL TZ HOME XDG_DATA_HOME XDG_CONFIG_HOME CRM_TODAY CRM_DB PATH
# Under AddressSanitizer or UBSan (make check SANITIZE=1) an error must end
# the program with a signal, which no test accepts as an expected failure.
ASAN_OPTIONS="abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS
# shellcheck disable=SC3045
ulimit -c 0 2>/dev/null
export TEST_DIRECTORY TEST_DATA TRASH TRASH_DIRECTORY CRM_BIN_DIR
umask 022

# SQL that takes a database back from version 7 (staff) and from version 6
# (the summaries), for the tests that make an older one:
# sqlite3 DB "$(sql_before_v6) PRAGMA ...".
sql_before_v7 () {
	echo "DROP INDEX purchase_staff;"
	echo "ALTER TABLE purchase DROP COLUMN staff;"
	echo "ALTER TABLE note DROP COLUMN staff;"
}
sql_before_v6 () {
	sql_before_v7
	echo "DROP TABLE sum_customer; DROP TABLE sum_month; DROP TABLE sum_year;"
	echo "DROP TABLE sum_group; DROP TABLE sum_day;"
	echo "DELETE FROM setting WHERE key = 'last_sale_day';"
}

# Tabs, newlines and carriage returns for test bodies.
TAB=$(printf '\t')
CR=$(printf '\r')
LF='
'
export TAB CR LF

test_remove_trash_ () {
	if [ -d "$TRASH" ]; then
		chmod -R u+rwx "$TRASH" 2>/dev/null
		rm -rf "$TRASH"
	fi
}

# PostgreSQL mode: psql on the server's maintenance database postgres.
test_pg_admin_ () {
	PGOPTIONS='-c client_min_messages=warning' \
		psql -X -q -v ON_ERROR_STOP=1 -d "dbname=postgres $CRM_TEST_PG" \
		-c "$1" </dev/null
}

# Drop the script's database (and whoever is still connected to it).
test_pg_drop_ () {
	test_pg_admin_ "DROP DATABASE IF EXISTS $test_pg_db_ WITH (FORCE)"
}

test_pg_create_ () {
	test_pg_drop_ &&
	test_pg_admin_ "CREATE DATABASE $test_pg_db_ TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
}

test_remove_trash_
if ! mkdir -p "$TRASH/.crm-test"; then
	echo "Bail out! cannot create trash directory '$TRASH'"
	exit 1
fi
cd "$TRASH" || exit 1
if [ -n "${CRM_TEST_PG-}" ]; then
	if ! command -v psql >/dev/null 2>&1; then
		echo "Bail out! CRM_TEST_PG is set but there is no psql"
		exit 1
	fi
	if ! test_pg_create_ >/dev/null 2>"$TRASH/.crm-test/pg"; then
		echo "Bail out! cannot create the database $test_pg_db_ ($CRM_TEST_PG)"
		sed -e 's/^/# /' "$TRASH/.crm-test/pg"
		exit 1
	fi
fi

test_count_=0
test_failed_=0
test_fixed_=0
test_broken_=0
test_skipped_=0
test_log_=$TRASH/.crm-test/log

test_exit_trap_ () {
	code_=$?
	echo "# FATAL: unexpected exit with code $code_ (a test body called exit?)"
	echo "1..$test_count_"
	exit 1
}
trap 'test_exit_trap_' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

printf '# %s: %s\n' "$this_test" "$test_description"
printf '# binaries from %s\n' "$CRM_BIN_DIR"
if [ -n "${CRM_TEST_PG-}" ]; then
	printf '# PostgreSQL mode: CRM_DB=%s\n' "$CRM_DB"
fi

# ---------------------------------------------------------------------------
# Prerequisites

test_prereqs_=' '
test_missing_prereqs_=' '

test_set_prereq () {
	test_prereqs_="$test_prereqs_$1 "
}

# test_lazy_prereq NAME 'script': NAME holds when script exits 0, decided
# the first time it is needed (run in a subshell in .crm-test/prereq).
test_lazy_prereqs_=' '
test_lazy_prereq () {
	test_lazy_prereqs_="$test_lazy_prereqs_$1 "
	eval "test_lazy_script_$1=\$2"
}

test_have () {
	command -v "$1" >/dev/null 2>&1
}

test_have_prereq_one_ () {
	case $test_prereqs_ in *" $1 "*) return 0 ;; esac
	case $test_missing_prereqs_ in *" $1 "*) return 1 ;; esac
	case $test_lazy_prereqs_ in
	*" $1 "*)
		eval "script_=\$test_lazy_script_$1"
		# shellcheck disable=SC2154
		mkdir -p "$TRASH/.crm-test/prereq" &&
		if (cd "$TRASH/.crm-test/prereq" && eval "$script_") \
			>/dev/null 2>&1 </dev/null
		then
			test_prereqs_="$test_prereqs_$1 "
			return 0
		else
			test_missing_prereqs_="$test_missing_prereqs_$1 "
			return 1
		fi
		;;
	esac
	test_missing_prereqs_="$test_missing_prereqs_$1 "
	return 1
}

# test_have_prereq A,B,!C: all of A and B hold and C does not.
test_have_prereq () {
	test_missing_=
	save_ifs_=$IFS
	IFS=,
	# shellcheck disable=SC2086
	set -- $1
	IFS=$save_ifs_
	for p_ in "$@"; do
		case $p_ in
		!*)	if test_have_prereq_one_ "${p_#!}"; then
				test_missing_="$test_missing_$p_ "
			fi ;;
		*)	if ! test_have_prereq_one_ "$p_"; then
				test_missing_="$test_missing_$p_ "
			fi ;;
		esac
	done
	test -z "$test_missing_"
}

test_lazy_prereq SQLITE3 'command -v sqlite3'
test_lazy_prereq JQ 'command -v jq'
test_lazy_prereq PYYAML 'python3 -c "import yaml"'
test_lazy_prereq BASH 'command -v bash'
test_lazy_prereq ZSH 'command -v zsh'
test_lazy_prereq FISH 'command -v fish'
test_lazy_prereq MANDOC 'command -v mandoc'
test_lazy_prereq ROOT 'test "$(id -u)" = 0'
test_lazy_prereq PERL 'command -v perl'
test_lazy_prereq DEV_FULL 'test -c /dev/full && ! echo x >/dev/full'
test_lazy_prereq NANOTIME 'case $(date +%N) in *N*|"") false ;; esac'
if [ -z "${CRM_TEST_INSTALLED-}" ]; then
	test_set_prereq SOURCE_TREE
fi
if [ -n "${CRM_TEST_PG-}" ]; then
	test_set_prereq POSTGRES
else
	test_set_prereq SQLITE_DB
fi

# ---------------------------------------------------------------------------
# Running tests

test_chain_lint_=${CRM_TEST_CHAIN_LINT-1}
test_cleanup_=:

# test_when_finished 'cmd': run cmd after the current test, pass or fail.
test_when_finished () {
	test_cleanup_="{ $*
} && (exit \"\$test_eval_ret_\"); test_eval_ret_=\$?; $test_cleanup_"
}

test_eval_inner_ () {
	eval "$1"
}

# Run a body; sets test_eval_ret_.
test_eval_ () {
	test_cleanup_=:
	if [ "$test_chain_lint_" = 1 ]; then
		test_eval_inner_ "(exit 117) && $1" >/dev/null 2>&1 </dev/null
		if [ $? != 117 ]; then
			echo "BUG: broken &&-chain or run-away HERE-DOC in:" >&2
			echo "$1" >&2
			test_eval_ret_=1
			cd "$TRASH" || exit 1
			return
		fi
	fi
	test_eval_inner_ "$1" </dev/null
	test_eval_ret_=$?
	eval "$test_cleanup_"
	test_cleanup_=:
	cd "$TRASH" || exit 1
}

test_run_ () {
	: >"$test_log_"
	if [ -n "$test_verbose_" ]; then
		echo "expecting success of $test_count_ '$1':" >&2
		test_eval_ "$2" 3>&1 4>&2 >&2
	else
		test_eval_ "$2" 3>&1 4>&2 >"$test_log_" 2>&1
	fi
}

test_diag_ () {
	printf '%s\n' "$1" | sed -e 's/^/#	/'
	if [ -s "$test_log_" ]; then
		echo "# output:"
		n_=$(wc -l <"$test_log_")
		if [ "$n_" -gt 200 ]; then
			echo "# (last 200 of $n_ lines)"
		fi
		tail -n 200 "$test_log_" | sed -e 's/^/# /'
	fi
}

test_ok_ () {
	echo "ok $test_count_ - $1"
}

test_failure_ () {
	test_failed_=$((test_failed_ + 1))
	echo "not ok $test_count_ - $1"
	test_diag_ "$2"
	if [ -n "$test_immediate_" ]; then
		echo "# stopping at the first failure (--immediate)"
		test_done
	fi
}

test_skip_ () {
	test_count_=$((test_count_ + 1))
	if [ -n "$2" ] && ! test_have_prereq "$2"; then
		test_skipped_=$((test_skipped_ + 1))
		echo "ok $test_count_ # skip $1 (missing $test_missing_)"
		return 0
	fi
	return 1
}

# test_expect_success [PREREQ] TITLE BODY
test_expect_success () {
	if [ $# = 3 ]; then prereq_=$1; shift; else prereq_=; fi
	if [ $# != 2 ]; then
		echo "Bail out! bug in the test script: test_expect_success needs 2 or 3 arguments"
		exit 1
	fi
	test_skip_ "$1" "$prereq_" && return 0
	test_run_ "$1" "$2"
	if [ "$test_eval_ret_" = 0 ]; then
		test_ok_ "$1"
	else
		test_failure_ "$1" "$2"
	fi
}

# test_expect_code STATUS [PREREQ] TITLE BODY: the body must exit STATUS.
test_expect_code () {
	want_code_=$1
	shift
	if [ $# = 3 ]; then prereq_=$1; shift; else prereq_=; fi
	if [ $# != 2 ]; then
		echo "Bail out! bug in the test script: test_expect_code needs 3 or 4 arguments"
		exit 1
	fi
	test_skip_ "$1" "$prereq_" && return 0
	test_run_ "$1" "$2"
	if [ "$test_eval_ret_" = "$want_code_" ]; then
		test_ok_ "$1"
	else
		echo "expected exit status $want_code_, got $test_eval_ret_" >>"$test_log_"
		test_failure_ "$1" "$2"
	fi
}

# test_expect_failure [PREREQ] TITLE BODY: a known breakage (TAP TODO).
test_expect_failure () {
	if [ $# = 3 ]; then prereq_=$1; shift; else prereq_=; fi
	test_skip_ "$1" "$prereq_" && return 0
	test_run_ "$1" "$2"
	if [ "$test_eval_ret_" = 0 ]; then
		test_fixed_=$((test_fixed_ + 1))
		echo "ok $test_count_ - $1 # TODO known breakage vanished"
	else
		test_broken_=$((test_broken_ + 1))
		echo "not ok $test_count_ - $1 # TODO known breakage"
	fi
}

# The summaries a database keeps must agree with its purchases after
# every scenario: each crm database a script leaves behind is checked by
# crm-backup --check at its end.  Files that are not crm databases of this
# version (other programs', older or damaged ones, on purpose) are not
# crm-backup's to check and are passed over.
test_check_summaries_ () {
	while IFS= read -r db_; do
		if ! crm-backup --check -q --db "$db_" 2>"$TRASH/.crm-test/check"; then
			if grep "differs from the purchases" "$TRASH/.crm-test/check"; then
				echo "^^^ $db_"
				return 1
			fi
		fi
	done <"$TRASH/.crm-test/dbs"
}

test_done () {
	cd "$TRASH" || exit 1
	find . -name '*.db' -type f | sort >"$TRASH/.crm-test/dbs"
	if [ -n "${CRM_TEST_PG-}" ] && db_exists "$CRM_DB"; then
		printf '%s\n' "$CRM_DB" >>"$TRASH/.crm-test/dbs"
	fi
	if [ -z "${CRM_TEST_NO_SUMMARY_CHECK-}" ] &&
		[ -s "$TRASH/.crm-test/dbs" ]; then
		test_expect_success 'every database left agrees with its summaries' '
			test_check_summaries_
		'
	fi
	trap - EXIT
	echo "1..$test_count_"
	if [ "$test_fixed_" -gt 0 ]; then
		echo "# $test_fixed_ known breakage(s) vanished"
	fi
	if [ "$test_broken_" -gt 0 ]; then
		echo "# still have $test_broken_ known breakage(s)"
	fi
	if [ "$test_failed_" -gt 0 ]; then
		echo "# failed $test_failed_ among $test_count_ test(s); trash kept in $TRASH"
		exit 1
	fi
	cd "$TEST_DIRECTORY" || exit 1
	if [ -z "${CRM_TEST_KEEP-}" ]; then
		test_remove_trash_
		test_remove_pg_db_
	fi
	exit 0
}

test_remove_pg_db_ () {
	if [ -n "${CRM_TEST_PG-}" ]; then
		test_pg_drop_ >/dev/null 2>&1 ||
			echo "# could not drop the database $test_pg_db_"
	fi
}

# skip_all REASON: skip the whole script.
skip_all () {
	trap - EXIT
	echo "1..0 # SKIP $*"
	cd "$TEST_DIRECTORY" || exit 1
	test_remove_trash_
	test_remove_pg_db_
	exit 0
}

# ---------------------------------------------------------------------------
# Helpers for test bodies

# test_fresh_db: the default database $CRM_DB empty and not initialised,
# as before its first crm-init: the SQLite file and its -wal, -shm and
# -journal are removed; in PostgreSQL mode the script's database is
# dropped and created again empty.
test_fresh_db () {
	if [ -n "${CRM_TEST_PG-}" ]; then
		test_pg_create_ >/dev/null
	else
		rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm" "$CRM_DB-journal"
	fi
}

# db_exists [DB]: DB (default $CRM_DB) is there as a database a command
# made: the SQLite file exists; a PostgreSQL database has some table.
db_exists () {
	de_db_=${1:-$CRM_DB}
	case $de_db_ in
	postgresql:*|postgres:*)
		de_ci_=$(pg_conninfo "$de_db_") || return 1
		de_n_=$(psql -X -A -t -d "$de_ci_" -c "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')" </dev/null 2>/dev/null) &&
		test "$de_n_" != 0
		;;
	*)	test -e "$de_db_" ;;
	esac
}

# pg_conninfo DB: the libpq connection string of a PostgreSQL DB as crm
# takes it (postgresql://... and postgres://... as they are, postgresql:
# keywords without the prefix), for psql -d or pg_dump -d.
pg_conninfo () {
	case $1 in
	postgresql://*|postgres://*) printf '%s\n' "$1" ;;
	postgresql:*) printf '%s\n' "${1#postgresql:}" ;;
	*) echo "pg_conninfo: not a PostgreSQL database: $1" >&2; return 1 ;;
	esac
}

# test_cmp EXPECTED ACTUAL
test_cmp () {
	diff -u "$1" "$2"
}

# test_cmp_nonempty EXPECTED ACTUAL: as test_cmp, for two outputs that
# must agree; it fails when EXPECTED is empty, so that two commands which
# both print nothing (a broken fixture, a command that died quietly) cannot
# pass as "equal".
test_cmp_nonempty () {
	if [ ! -s "$1" ]; then
		echo "test_cmp_nonempty: '$1' is empty: nothing was compared"
		return 1
	fi
	test_cmp "$1" "$2"
}

# test_must_be_empty FILE
test_must_be_empty () {
	if [ -s "$1" ]; then
		echo "'$1' is not empty, it contains:"
		cat "$1"
		return 1
	fi
}

# test_line_count OP N FILE, e.g. test_line_count = 3 out
test_line_count () {
	n_=$(wc -l <"$3") || return 1
	n_=$((n_ + 0))
	if ! test "$n_" "$1" "$2"; then
		echo "test_line_count: expected $1 $2 lines, '$3' has $n_:"
		cat "$3"
		return 1
	fi
}

# test_status_ STATUS: diagnose statuses that are never an expected failure.
test_bad_status_ () {
	if [ "$1" -gt 128 ] && [ "$1" -le 192 ]; then
		echo "died of signal $(($1 - 128))"
	elif [ "$1" = 127 ]; then
		echo "command not found"
	elif [ "$1" = 126 ]; then
		echo "could not execute the command"
	else
		return 1
	fi
}

# test_must_fail_with STATUS CMD [ARGS...]: CMD must exit with STATUS.
# A crash, a signal or a command that cannot run is never expected.
test_must_fail_with () {
	want_=$1
	shift
	"$@"
	got_=$?
	if why_=$(test_bad_status_ "$got_"); then
		echo "test_must_fail_with: $why_ (status $got_): $*" >&2
		return 1
	fi
	if [ "$got_" != "$want_" ]; then
		echo "test_must_fail_with: expected exit status $want_, got $got_: $*" >&2
		return 1
	fi
	return 0
}

# test_must_fail CMD [ARGS...]: CMD must fail in a controlled way.
test_must_fail () {
	"$@"
	got_=$?
	if [ "$got_" = 0 ]; then
		echo "test_must_fail: command succeeded: $*" >&2
		return 1
	fi
	if why_=$(test_bad_status_ "$got_"); then
		echo "test_must_fail: $why_ (status $got_): $*" >&2
		return 1
	fi
	return 0
}

# test_stderr_matches ERE FILE: some line of FILE matches ERE.
test_stderr_matches () {
	if ! grep -E -e "$1" "$2" >/dev/null; then
		echo "no line of '$2' matches /$1/; it contains:"
		cat "$2"
		return 1
	fi
}

# test_one_line FILE: FILE holds exactly one line (a message is one line).
test_one_line () {
	test_line_count '=' 1 "$1"
}

# db_snapshot OUT [DB]: a dump of the database made with the tools:
# every customer, every category and the whole category history; plus the
# SQL dump when sqlite3 is installed.  Comparing snapshots taken before and
# after a command shows whether the command changed the database.
db_snapshot () {
	snap_db_=${2:-$CRM_DB}
	case $snap_db_ in
	postgresql:*|postgres:*)
		db_snapshot_pg_ "$1" "$snap_db_"
		return
		;;
	esac
	if [ ! -e "$snap_db_" ]; then
		echo "no database at $snap_db_" >"$1"
		return 0
	fi
	db_snapshot_crm_ "$1" "$snap_db_" || return 1
	if test_have sqlite3; then
		sqlite3 "$snap_db_" .dump >"$TRASH/.crm-test/dump" </dev/null || {
			echo "db_snapshot: sqlite3 could not dump '$snap_db_'"
			return 1
		}
		echo "# sqlite3 .dump" >>"$1"
		grep -v -e sqlite_stat "$TRASH/.crm-test/dump" >>"$1"
	fi
	return 0
}

# db_snapshot_crm_ OUT DB: what crm itself shows of DB, both backends
db_snapshot_crm_ () {
	{
		echo "# crm-ls --format json" &&
		crm-ls --db "$2" --format json </dev/null &&
		echo "# crm-categorize --list" &&
		crm-categorize --db "$2" --list </dev/null &&
		echo "# crm-categorize --history" &&
		crm-categorize --db "$2" --history </dev/null
	} >"$1" || {
		echo "db_snapshot: the tools could not read '$2'"
		return 1
	}
}

# db_snapshot for a PostgreSQL database: a database without tables is
# "no database" (as a missing file); pg_dump stands for sqlite3 .dump.
db_snapshot_pg_ () {
	snap_ci_=$(pg_conninfo "$2") || return 1
	if ! db_exists "$2"; then
		echo "no database at $2" >"$1"
		return 0
	fi
	db_snapshot_crm_ "$1" "$2" || return 1
	if test_have pg_dump; then
		pg_dump --no-owner --no-privileges -d "$snap_ci_" \
			>"$TRASH/.crm-test/dump" </dev/null || {
			echo "db_snapshot: pg_dump could not dump '$2'"
			return 1
		}
		echo "# pg_dump" >>"$1"
		# (pg_dump's \restrict key is new in every dump)
		grep -v '^\\\(un\)\{0,1\}restrict ' "$TRASH/.crm-test/dump" >>"$1"
	fi
	return 0
}

# test_refused STATUS ERE CMD [ARGS...]
# CMD (with the caller's stdin) must exit with STATUS, print nothing but a
# message on stderr whose first line matches ERE (anchor it yourself), in one
# line; for STATUS 64 (usage) some line must match and a usage text may
# follow.  The database must be unchanged.
# Leaves the command's output in ./out and ./err.
test_refused () {
	ref_status_=$1
	ref_pattern_=$2
	shift 2
	db_snapshot "$TRASH/.crm-test/before" || return 1
	test_must_fail_with "$ref_status_" "$@" >out 2>err
	ref_ret_=$?
	db_snapshot "$TRASH/.crm-test/after" || return 1
	if [ "$ref_ret_" != 0 ]; then
		echo "stderr was:"
		cat err
		return 1
	fi
	if [ "$ref_status_" = 64 ]; then
		# usage errors may print the usage after the message
		cp err "$TRASH/.crm-test/first" || return 1
	else
		head -n 1 err >"$TRASH/.crm-test/first" || return 1
	fi
	if ! test_stderr_matches "$ref_pattern_" "$TRASH/.crm-test/first"; then
		echo "(whole stderr:)"
		cat err
		return 1
	fi
	if [ "$ref_status_" != 64 ]; then
		test_one_line err || return 1
	fi
	test_cmp "$TRASH/.crm-test/before" "$TRASH/.crm-test/after" || {
		echo "test_refused: the database changed"
		return 1
	}
}

# customer_count [DB]: print the number of customers (via crm-ls).
customer_count () {
	crm-ls --db "${1:-$CRM_DB}" -H --columns id \
		>"$TRASH/.crm-test/count" </dev/null || return 1
	n_=$(wc -l <"$TRASH/.crm-test/count") || return 1
	echo $((n_ + 0))
}

# test_file_mode MODE PATH: ls -ld shows MODE, e.g. -rw------- or drwx------
test_file_mode () {
	# shellcheck disable=SC2012
	m_=$(ls -ld "$2" | cut -c1-10) || return 1
	if [ "$m_" != "$1" ]; then
		echo "mode of '$2' is $m_, expected $1"
		return 1
	fi
}

# write_tsv FILE LINE...: write lines to FILE, with '|' standing for TAB.
# Use printf directly for fields that themselves contain '|'.
write_tsv () {
	wt_file_=$1
	shift
	: >"$wt_file_" || return 1
	for wt_line_ in "$@"; do
		printf '%s\n' "$wt_line_" | tr '|' '\t' >>"$wt_file_" || return 1
	done
}

# tsv FILE: read stdin, replace '|' by TAB, write FILE (for heredocs).
tsv () {
	tr '|' '\t' >"$1"
}

# hold_lock DB SECONDS: hold the write lock of DB with sqlite3 in the
# background (pid in $holder) and return once it is held.
hold_lock () {
	{
		echo ".timeout 10000" &&
		echo "BEGIN IMMEDIATE;" &&
		sleep "$2" &&
		echo "COMMIT;"
	} | sqlite3 "$1" >/dev/null 2>&1 &
	holder=$!
	h_=0
	while test "$h_" -lt 100
	do
		if ! sqlite3 "$1" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1
		then
			return 0
		fi
		sleep 0.05
		h_=$((h_ + 1))
	done
	echo "hold_lock: could not see the lock taken"
	return 1
}

release_lock () {
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	true
}

# now_ms: milliseconds since the epoch (needs GNU date, see NANOTIME).
now_ms () {
	t_=$(date +%s%N) || return 1
	echo $((t_ / 1000000))
}
