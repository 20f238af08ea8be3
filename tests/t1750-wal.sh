#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='the write-ahead log: a bulk load leaves it empty; a reader holding a snapshot neither fails nor stalls the load'
. "$(dirname "$0")/lib.sh"

if ! test_have_prereq SQLITE_DB
then
	skip_all "about the SQLite file's write-ahead log"
fi

# wal_empty DB: DB-wal is absent or 0 bytes
wal_empty () {
	if test -s "$1-wal"
	then
		echo "$1-wal holds $(wc -c <"$1-wal") bytes"
		return 1
	fi
}

# hold_snapshot DB: a sqlite3 reader in the background (pid in $reader)
# that has read DB and keeps that snapshot until release_snapshot, so
# that no checkpoint can empty the WAL meanwhile (nor does it empty it
# itself when it closes, as the shell would); returns once it has read.
hold_snapshot () {
	rm -f snapshot.out snapshot.stop
	{
		echo ".dbconfig no_ckpt_on_close on" &&
		echo "BEGIN;" &&
		echo "SELECT count(*) FROM customer;" &&
		while test ! -f snapshot.stop
		do
			sleep 0.1
		done &&
		echo "COMMIT;"
	} 2>/dev/null | sqlite3 "$1" >snapshot.out 2>&1 &
	reader=$!
	s_=0
	while test "$s_" -lt 200
	do
		test -s snapshot.out && return 0
		sleep 0.05
		s_=$((s_ + 1))
	done
	echo "hold_snapshot: the reader did not read"
	return 1
}

release_snapshot () {
	: >snapshot.stop
	wait "$reader" 2>/dev/null
	true
}

test_expect_success 'setup: 20,000 customers and 30,000 purchases' '
	awk "BEGIN { print \"name\tcard\"; for (i = 1; i <= 20000; i++) print \"Customer \" i \"\t\" i }" >customers.tsv &&
	awk "BEGIN { print \"customer\tdate\tamount\tref\"; for (i = 1; i <= 30000; i++) printf \"%d\t2025-0%d-1%d\t%d.50\tINV-%d\n\", (i * 7) % 20000 + 1, i % 9 + 1, i % 10, i % 300 + 1, i }" >sales.tsv &&
	awk "NR == 1 || NR > 15001" sales.tsv >sales2.tsv &&
	awk "NR <= 15001" sales.tsv >sales1.tsv
'

test_expect_success 'a bulk crm-add leaves the WAL empty' '
	crm-init &&
	crm-add -q <customers.tsv &&
	wal_empty "$CRM_DB" &&
	test "$(customer_count)" = 20000
'

test_expect_success 'a bulk crm-sale leaves the WAL empty' '
	crm-sale -q <sales1.tsv &&
	wal_empty "$CRM_DB"
'

test_expect_success 'a big crm-categorize batch and a bulk crm-note leave it empty' '
	seq 1 20000 | crm-categorize -q vip &&
	wal_empty "$CRM_DB" &&
	seq 1 20000 | crm-note -q --text "called" &&
	wal_empty "$CRM_DB"
'

test_expect_success 'one crm-add leaves a small WAL: one fsync, no checkpoint' '
	crm-add --name Single >/dev/null &&
	test -s "$CRM_DB-wal" &&
	test "$(wc -c <"$CRM_DB-wal")" -lt 100000
'

test_expect_success SQLITE3 'a reader holding a snapshot does not fail or stall a bulk load' '
	hold_snapshot "$CRM_DB" &&
	test_when_finished release_snapshot &&
	t0=$(now_ms) &&
	env CRM_BUSY_TIMEOUT=30000 crm-sale -q <sales2.tsv 2>err &&
	t1=$(now_ms) &&
	echo "load beside a reader: $((t1 - t0)) ms" &&
	test_must_be_empty err &&
	if test_have_prereq NANOTIME
	then
		test $((t1 - t0)) -lt 20000
	fi &&
	test "$(sqlite3 "$CRM_DB" "SELECT count(*) FROM purchase")" = 30000 &&
	test -s "$CRM_DB-wal"
'

test_expect_success SQLITE3 'once the reader is gone, the next writer empties the WAL' '
	test -s "$CRM_DB-wal" &&
	crm-categorize --list >/dev/null &&
	crm-add --name After >/dev/null &&
	wal_empty "$CRM_DB"
'

test_done
