#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034,SC2154
test_description='safety: reading never writes, a failure writes nothing, the database file'
. "$(dirname "$0")/lib.sh"

# The commands that only read, each with arguments that make it work on
# the database of the setup.
readers='crm-ls
crm-show 1
crm-value
crm-value --by category
crm-top
crm-lapsed --days 1
crm-referrals
crm-habits
crm-rfm
crm-report --as-of 2025-06-30
crm-categorize --list
crm-categorize --history
crm-note --open
crm-thank --list
crm-lost --reasons
crm-bonus 0001'

# files DB: the database's files that exist, with their sums and sizes
files () {
	for f_ in "$1" "$1-wal" "$1-journal"
	do
		if test -e "$f_"
		then
			echo "$f_ $(cksum <"$f_")"
		fi
	done
	# the -shm is shared memory, not data: readers mark it as they read
	if test -e "$1-shm"
	then
		echo "$1-shm"
	fi
}

# state OUT: what the default database holds: its files (SQLite), or, in
# PostgreSQL mode, a snapshot of its tables (db_snapshot)
state () {
	if test_have_prereq SQLITE_DB
	then
		files crm.db >"$1"
	else
		db_snapshot "$1"
	fi
}

test_expect_success 'setup' '
	crm-init &&
	tsv in <<-\EOF &&
	name|card|email|source|referred_by
	Anna|0001|anna@example.com|fair|
	Bert|0002||web|1
	Cleo|||fair|1
	EOF
	crm-add -q <in &&
	tsv sales <<-\EOF &&
	customer|date|amount|ref|item
	1|2025-05-02|10.00|r1|boots
	2|2025-05-03|20.00|r2|hat
	1|2025-06-01|5.00|r3|boots
	EOF
	crm-sale -q <sales &&
	crm-note 1 --kind complaint --text late >/dev/null &&
	crm-thank 1 --how gift >/dev/null
'

# ---------------------------------------------------------------------------
# Reading never writes

test_expect_success 'no reader changes any file of the database' '
	state before &&
	echo "$readers" | while read -r cmd
	do
		$cmd </dev/null >/dev/null 2>err || { cat err; echo "^^^ $cmd"; exit 1; }
		state after &&
		test_cmp before after || { echo "^^^ $cmd changed it"; exit 1; }
	done
'

test_expect_success SQLITE3,SQLITE_DB 'reading a backup does not turn it into WAL mode' '
	crm-backup copy.db &&
	test "$(sqlite3 copy.db "PRAGMA journal_mode")" = delete &&
	echo "$readers" | while read -r cmd
	do
		$cmd --db copy.db </dev/null >/dev/null 2>err ||
			{ cat err; echo "^^^ $cmd"; exit 1; }
	done &&
	test ! -e copy.db-wal &&
	test "$(sqlite3 copy.db "PRAGMA journal_mode")" = delete
'

test_expect_success SQLITE3,SQLITE_DB 'a reader neither waits for nor fails on a writer'"'"'s lock' '
	hold_lock crm.db 5 &&
	test_when_finished release_lock &&
	echo "$readers" | while read -r cmd
	do
		env CRM_BUSY_TIMEOUT=100 $cmd </dev/null >/dev/null 2>err ||
			{ cat err; echo "^^^ $cmd"; exit 1; }
	done
'

test_expect_success 'crm-ls on an empty file is 65 and leaves it empty' '
	: >empty.db &&
	test_refused 65 "^crm-ls: .*empty\.db.*not a crm database" crm-ls --db empty.db &&
	test ! -s empty.db &&
	test_refused 65 "^crm-add: .*empty\.db.*not a crm database" crm-add --db empty.db --name X &&
	test ! -s empty.db &&
	test ! -e empty.db-wal &&
	crm-init --db empty.db &&
	crm-categorize --db empty.db --list >/dev/null
'

test_expect_success SQLITE3,SQLITE_DB 'an unknown schema version is 65 before anything is read' '
	for v in -5 -1 8 999
	do
		cp crm.db v.db &&
		sqlite3 v.db "PRAGMA user_version = $v" &&
		cp v.db v.before &&
		for cmd in "crm-ls" "crm-add --name X" "crm-init" "crm-show 1"
		do
			test_must_fail_with 65 $cmd --db v.db >out 2>err &&
			test_stderr_matches "^${cmd%% *}: .*schema version $v" err &&
			test_one_line err &&
			cmp v.before v.db || { echo "^^^ $cmd, version $v"; return 1; }
		done
	done
'

test_expect_success SQLITE3 'an SQLite file of another program with a version 1 to 7 is 65, no SQL text' '
	for v in 1 2 3 4 5 6 7
	do
		rm -f other.db &&
		sqlite3 other.db "CREATE TABLE t (x); PRAGMA user_version = $v" &&
		cp other.db other.before &&
		for cmd in "crm-ls" "crm-add --name X" "crm-init" "crm-report"
		do
			test_must_fail_with 65 $cmd --db other.db >out 2>err &&
			test_stderr_matches "^${cmd%% *}: .*other\.db.* not a crm database" err &&
			test_one_line err &&
			! grep -i "select\|from\|no such" err &&
			cmp other.before other.db || { echo "^^^ $cmd, version $v"; return 1; }
		done
	done
'

# ---------------------------------------------------------------------------
# Read-only files and directories, as a user who may read but not write

test_lazy_prereq NOBODY '
	test "$(id -u)" = 0 &&
	command -v runuser &&
	runuser -u nobody -- "$CRM_BIN_DIR/crm-ls" --version
'

# as_nobody CMD...: run CMD as the user nobody, in the shared directory
as_nobody () {
	runuser -u nobody -- env HOME="$shared" XDG_DATA_HOME="$shared" \
		XDG_CONFIG_HOME="$shared" CRM_DB="$shared/ro/crm.db" \
		PATH="$PATH" CRM_TODAY="$CRM_TODAY" "$@"
}

if ! test_have_prereq NOBODY
then
	echo "# skipping the unprivileged tests: they need root and the user nobody able to run $CRM_BIN_DIR"
fi

test_expect_success NOBODY 'setup: a database the user nobody may read, not write' '
	shared=$(mktemp -d /tmp/crm-ro.XXXXXX) &&
	echo "$shared" >shared-dir &&
	test_when_finished "true" &&
	chmod 755 "$shared" &&
	mkdir "$shared/ro" &&
	crm-init --db "$shared/ro/crm.db" &&
	crm-add --db "$shared/ro/crm.db" -q <in &&
	crm-sale --db "$shared/ro/crm.db" -q <sales &&
	chmod 644 "$shared/ro/crm.db" "$shared/ro/crm.db-wal" "$shared/ro/crm.db-shm" &&
	chmod 755 "$shared/ro"
'

test_expect_success NOBODY 'every reader works for nobody, exit 0, and changes nothing' '
	shared=$(cat shared-dir) &&
	files "$shared/ro/crm.db" >before &&
	echo "$readers" | while read -r cmd
	do
		$cmd --db "$shared/ro/crm.db" </dev/null >expect 2>err &&
		as_nobody $cmd </dev/null >actual 2>err ||
			{ cat err; echo "^^^ $cmd"; exit 1; }
		test_cmp expect actual || exit 1
	done &&
	files "$shared/ro/crm.db" >after &&
	test_cmp before after
'

test_expect_success NOBODY 'a writer as nobody is 73 and says why, nothing written' '
	shared=$(cat shared-dir) &&
	files "$shared/ro/crm.db" >before &&
	test_must_fail_with 73 as_nobody crm-add --name X >out 2>err &&
	test_stderr_matches "^crm-add: .*read-only" err &&
	test_one_line err &&
	files "$shared/ro/crm.db" >after &&
	test_cmp before after
'

test_expect_success NOBODY 'the database file alone, in a directory nobody cannot write: readers work' '
	shared=$(cat shared-dir) &&
	mkdir "$shared/alone" &&
	crm-backup --db "$shared/ro/crm.db" "$shared/alone/crm.db" &&
	sqlite3 "$shared/alone/crm.db" "PRAGMA journal_mode = WAL" >/dev/null &&
	test ! -e "$shared/alone/crm.db-wal" &&
	chmod 644 "$shared/alone/crm.db" &&
	as_nobody crm-ls --db "$shared/alone/crm.db" >actual 2>err &&
	test_must_be_empty err &&
	crm-ls --db "$shared/ro/crm.db" >expect &&
	test_cmp_nonempty expect actual &&
	as_nobody crm-report --db "$shared/alone/crm.db" --sections top >/dev/null &&
	test ! -e "$shared/alone/crm.db-wal"
'

test_expect_success NOBODY 'a -wal nobody cannot share is refused in words, not SQL' '
	shared=$(cat shared-dir) &&
	mkdir "$shared/walonly" &&
	cp "$shared/ro/crm.db" "$shared/ro/crm.db-wal" "$shared/walonly/" &&
	chmod 644 "$shared/walonly/"* &&
	test_must_fail_with 73 as_nobody crm-ls --db "$shared/walonly/crm.db" >out 2>err &&
	test_stderr_matches "^crm-ls: cannot read database .*-wal.*crm-backup" err &&
	test_one_line err
'

test_expect_success NOBODY 'cleanup the shared directory' '
	rm -rf "$(cat shared-dir)"
'

# ---------------------------------------------------------------------------
# A non-zero status means nothing was written

test_expect_success DEV_FULL 'a writer whose output fails is 74 and writes nothing' '
	crm-init --db full.db &&
	crm-add --db full.db -q --name Base --card 0001 --category vip &&
	crm-sale --db full.db 1 50.00 &&
	for cmd in "crm-add --name X" "crm-note 1 --text hello" \
		"crm-categorize vip 1" "crm-thank 1 --how gift" \
		"crm-lost 1 --reason price" "crm-edit 1 --phone 123" \
		"crm-bonus --redeem 0001 0.01"
	do
		db_snapshot before full.db &&
		test_must_fail_with 74 $cmd --db full.db </dev/null >/dev/full 2>err &&
		test_stderr_matches "^${cmd%% *}: .*standard output" err &&
		db_snapshot after full.db &&
		test_cmp before after || { echo "^^^ $cmd"; return 1; }
	done
'

test_expect_success 'a bulk load whose reader goes away writes nothing' '
	crm-init --db pipe.db &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 20000; i++) print \"Customer \" i }" >big.tsv &&
	{ crm-add --db pipe.db <big.tsv; echo $? >status; } | head -n 1 >first &&
	test_line_count = 1 first &&
	test "$(cat status)" != 0 &&
	test "$(customer_count pipe.db)" = 0
'

# ---------------------------------------------------------------------------
# The database file

test_expect_success SQLITE3 'after crm-init the file alone holds the schema' '
	crm-init --db new.db &&
	cp new.db alone.db &&
	test "$(sqlite3 alone.db "SELECT count(*) FROM category")" = 4
'

test_expect_success 'a bulk load ends with the WAL truncated' '
	crm-init --db bulk.db &&
	crm-add --db bulk.db -q <big.tsv &&
	test -e bulk.db-wal &&
	test ! -s bulk.db-wal &&
	awk "BEGIN { print \"customer\tdate\tamount\tref\"; for (i = 1; i <= 60000; i++) print (i % 20000) + 1 \"\t2025-05-01\t1.00\tr\" i }" >bigsales.tsv &&
	crm-sale --db bulk.db -q <bigsales.tsv &&
	test ! -s bulk.db-wal &&
	cp bulk.db bulk-alone.db &&
	test "$(customer_count bulk-alone.db)" = 20000
'

test_expect_success 'a small commit does not rewrite the database file' '
	cksum <bulk.db >before &&
	crm-add --db bulk.db -q --name Small &&
	cksum <bulk.db >after &&
	test_cmp before after &&
	test -s bulk.db-wal
'

test_done
