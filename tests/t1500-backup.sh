#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-backup: a consistent, integrity-checked copy of a live database'
. "$(dirname "$0")/lib.sh"

if ! test_have_prereq SQLITE_DB
then
	skip_all "crm-backup copies the SQLite file; PostgreSQL is backed up otherwise"
fi

test_expect_success 'setup' '
	crm-init &&
	tsv in <<-\EOF &&
	name|card|email|source
	Anna|0001|anna@example.com|fair
	Bert|0002||web
	Cleo|||fair
	EOF
	crm-add -q <in &&
	crm-categorize --define gold --description Gold --bonus 2 &&
	crm-ls --source fair | crm-categorize gold --note fair >/dev/null
'

test_expect_success 'crm-backup FILE makes a copy with the same data, mode 0600' '
	mkdir bk &&
	crm-backup bk/copy.db >out 2>err &&
	test_must_be_empty err &&
	test -f bk/copy.db &&
	test_file_mode -rw------- bk/copy.db &&
	db_snapshot orig.snap &&
	db_snapshot copy.snap bk/copy.db &&
	test_cmp orig.snap copy.snap
'

test_expect_success 'the backup directory holds the backup and nothing else' '
	ls -A bk >actual &&
	echo copy.db >expect &&
	test_cmp expect actual
'

test_expect_success SQLITE3 'the copy passes PRAGMA integrity_check' '
	sqlite3 bk/copy.db "PRAGMA integrity_check" >actual &&
	echo ok >expect &&
	test_cmp expect actual
'

test_expect_success 'the copy is a working crm database' '
	cp bk/copy.db work.db &&
	crm-add --db work.db --name Dora >out &&
	echo 4 >expect &&
	test_cmp expect out &&
	test "$(customer_count)" = 3
'

test_expect_success 'an existing file is replaced, and gets mode 0600' '
	echo "old junk" >bk/old.db &&
	chmod 644 bk/old.db &&
	crm-backup bk/old.db &&
	test_file_mode -rw------- bk/old.db &&
	db_snapshot old.snap bk/old.db &&
	test_cmp orig.snap old.snap
'

test_expect_success '-q is silent' '
	crm-backup -q bk/quiet.db >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'the database named by --db is the one copied' '
	crm-backup --db bk/copy.db bk/copy2.db &&
	db_snapshot copy2.snap bk/copy2.db &&
	test_cmp orig.snap copy2.snap
'

test_expect_success 'no FILE operand, or two, is 64' '
	test_refused 64 "^(crm-backup: |usage: crm-backup)" crm-backup &&
	test_refused 64 "^(crm-backup: |usage: crm-backup)" crm-backup a.db b.db &&
	test ! -e a.db &&
	test ! -e b.db
'

test_expect_success 'a backup into a missing directory fails with 73 and leaves nothing' '
	test_must_fail_with 73 crm-backup nodir/b.db 2>err &&
	test_stderr_matches "^crm-backup: .*nodir" err &&
	test_one_line err &&
	test ! -e nodir
'

test_expect_success 'a backup onto the live database itself is refused and harms nothing' '
	db_snapshot before &&
	test_must_fail crm-backup "$CRM_DB" 2>err &&
	test_stderr_matches "^crm-backup: " err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success SOURCE_TREE 'the man page gives 73 for a directory that does not exist' '
	sed -n "/^\.Sh EXIT STATUS/,/^\.Sh EXAMPLES/p" "$CRM_SOURCE_DIR/man/crm-backup.1" >exit-status &&
	sed -n "/^\.It 73/,/^\.It 74/p" exit-status >it73 &&
	grep "does not exist" it73
'

test_expect_success 'mode 0600 whatever the umask' '
	(umask 000 && crm-backup bk/u000.db) &&
	test_file_mode -rw------- bk/u000.db &&
	(umask 277 && crm-backup bk/u277.db) &&
	test_file_mode -rw------- bk/u277.db
'

test_expect_success SQLITE3 'the copy is a rollback-journal database, one file' '
	crm-backup bk/single.db &&
	sqlite3 bk/single.db "PRAGMA journal_mode" >actual &&
	echo delete >expect &&
	test_cmp expect actual &&
	test ! -e bk/single.db-wal &&
	test ! -e bk/single.db-journal
'

test_expect_success !ROOT 'the copy alone is read in a read-only directory' '
	mkdir ro &&
	cp bk/single.db ro/ &&
	chmod 555 ro &&
	test_when_finished "chmod 755 ro" &&
	crm-ls --db ro/single.db -H --columns id >actual &&
	test_line_count = 3 actual
'

test_expect_success SQLITE3 'the copy alone is read in a read-only directory by sqlite3 -readonly' '
	mkdir ro2 &&
	cp bk/single.db ro2/ &&
	chmod 555 ro2 &&
	test_when_finished "chmod 755 ro2" &&
	sqlite3 -readonly ro2/single.db "SELECT count(*) FROM customer" >actual &&
	echo 3 >expect &&
	test_cmp expect actual &&
	ls -A ro2 >actual &&
	echo single.db >expect &&
	test_cmp expect actual
'

# The old name was OUT.tmp<pid>: a shell that plants links at its own pid
# and the next ones, then execs the command, has it use one of them.
test_expect_success 'links planted at the temporary names of old leave their victim alone' '
	mkdir plant &&
	echo "precious" >victim &&
	chmod 644 victim &&
	cp victim victim.orig &&
	sh -c "for i in 0 1 2 3 4 5 6 7 8 9; do ln -s ../victim plant/out.db.tmp\$((\$\$ + i)) || exit 1; done; exec crm-backup plant/out.db" &&
	test_cmp victim.orig victim &&
	test_file_mode -rw-r--r-- victim &&
	test -f plant/out.db && ! test -h plant/out.db &&
	db_snapshot orig2.snap &&
	db_snapshot plant.snap plant/out.db &&
	test_cmp orig2.snap plant.snap
'

test_expect_success 'a target that is a link is replaced, its victim left alone' '
	ln -s ../victim plant/link.db &&
	crm-backup plant/link.db &&
	test_cmp victim.orig victim &&
	! test -h plant/link.db &&
	test_file_mode -rw------- plant/link.db
'

# refused_companion PATH: with the database's -wal and -shm there,
# crm-backup PATH is 64 and names PATH; the database is unchanged and PATH
# is not created
refused_companion () {
	db_snapshot wv.before wv/wv.db &&
	crm-ls --db wv/wv.db >/dev/null &&
	test -e wv/wv.db-wal &&
	if test -e "$1"; then existed=1; else existed=0; fi &&
	test_must_fail_with 64 crm-backup --db wv/wv.db "$1" 2>err &&
	test_stderr_matches "^crm-backup: .*is the database" err &&
	grep -F "$1" err &&
	{ test "$existed" = 1 || test ! -e "$1"; } &&
	db_snapshot wv.after wv/wv.db &&
	test_cmp wv.before wv.after
}

test_expect_success 'setup a database with its companions' '
	mkdir wv &&
	crm-init --db wv/wv.db &&
	crm-add --db wv/wv.db -q <in &&
	test -e wv/wv.db-wal &&
	db_snapshot wv.snap wv/wv.db
'

test_expect_success 'the database and its companions are refused (64), by name' '
	for f in wv/wv.db wv/wv.db-wal wv/wv.db-shm wv/wv.db-journal
	do
		refused_companion $f || return 1
	done &&
	test ! -e wv/wv.db-journal
'

test_expect_success 'refused through a relative path and a directory link' '
	ln -s wv wvlink &&
	mkdir sub &&
	for f in ./wv/wv.db-wal sub/../wv/wv.db-shm wvlink/wv.db wvlink/wv.db-wal wvlink/wv.db-journal
	do
		refused_companion $f || return 1
	done
'

test_expect_success 'refused through a symbolic link and a hard link' '
	ln -s wv/wv.db-wal walink &&
	ln -s wv/wv.db-journal jlink &&
	ln -s ../wv/wv.db sub/dblink &&
	ln wv/wv.db hardwv &&
	for f in walink jlink sub/dblink hardwv
	do
		refused_companion $f || return 1
	done &&
	rm hardwv &&
	# a snapshot would remove the -wal, and leave the link another file
	crm-ls --db wv/wv.db >/dev/null &&
	ln wv/wv.db-wal hardwal &&
	test_must_fail_with 64 crm-backup --db wv/wv.db hardwal 2>err &&
	test_stderr_matches "^crm-backup: .*hardwal.*is the database" err &&
	rm hardwal
'

test_expect_success 'refused when the database is named through a link' '
	ln -s wv/wv.db dbname.db &&
	test_refused 64 "is the database" crm-backup --db dbname.db wv/wv.db-journal &&
	test_refused 64 "is the database" crm-backup --db dbname.db dbname.db-journal &&
	test ! -e wv/wv.db-journal &&
	test ! -e dbname.db-journal
'

test_expect_success 'the database with its companions is unchanged' '
	db_snapshot wv.after wv/wv.db &&
	test_cmp wv.snap wv.after &&
	crm-backup --db wv/wv.db wv/wv-copy.db &&
	rm wv/wv-copy.db
'

test_expect_success 'past ulimit -f: 74, and nothing left in the directory' '
	awk "BEGIN { print \"name\"; for (i = 0; i < 5000; i++) print \"Big\" i }" >big.tsv &&
	crm-init --db big.db &&
	crm-add --db big.db -q <big.tsv &&
	crm-backup --db big.db big-copy.db &&
	test "$(wc -c <big-copy.db)" -gt 262144 &&
	mkdir lim &&
	# 128 blocks: at least 64 KB, room for the -shm (32 KB) of big.db
	test_must_fail_with 74 sh -c "ulimit -f 128 && exec crm-backup --db big.db lim/b.db" 2>err &&
	cat err &&
	test_stderr_matches "^crm-backup: .*lim/b.db" err &&
	ls -A lim >actual &&
	test_must_be_empty actual
'

# ---------------------------------------------------------------------------
# While another process writes

test_expect_success 'setup a writer' '
	awk "BEGIN { print \"name\"; for (i = 0; i < 500; i++) print \"W\" i }" >chunk.tsv &&
	cat >writer.sh <<-\EOF
	i=0
	while test $i -lt 2000 && test ! -e stop
	do
		crm-add -q <chunk.tsv || echo "crm-add exited $?" >>writer.failed
		i=$((i + 1))
	done
	echo done >writer.done
	EOF
'

start_writer () {
	CRM_DB=$TRASH/live.db sh writer.sh &
	writer=$!
}

test_expect_success 'backups taken while another process writes are consistent' '
	crm-init --db live.db &&
	start_writer &&
	test_when_finished "touch stop; kill $writer 2>/dev/null; wait $writer 2>/dev/null; true" &&
	i=0 &&
	while test $i -lt 6
	do
		sleep 0.2 &&
		crm-backup --db live.db "live$i.db" &&
		n=$(customer_count "$TRASH/live$i.db") &&
		echo "backup $i: $n customers" &&
		test $((n % 500)) = 0 || { echo "backup $i has $n customers, not a whole number of loads"; return 1; }
		if test_have sqlite3
		then
			sqlite3 "live$i.db" "PRAGMA integrity_check" >check &&
			echo ok >expect &&
			test_cmp expect check || return 1
		fi
		i=$((i + 1))
	done &&
	touch stop &&
	wait $writer &&
	test -e writer.done &&
	test ! -e writer.failed
'

test_done
