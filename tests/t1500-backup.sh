#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-backup: a consistent, integrity-checked copy of a live database'
. "$(dirname "$0")/lib.sh"

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

test_expect_success 'a backup into a missing directory fails with a message and leaves nothing' '
	test_must_fail crm-backup nodir/b.db 2>err &&
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
