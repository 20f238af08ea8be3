#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-backup across backends: an SQLite file into an empty PostgreSQL database (--to), a PostgreSQL database into a new SQLite file'
. "$(dirname "$0")/lib.sh"

# The source is always the SQLite file src.db; in PostgreSQL mode the
# script's own database ($CRM_DB, empty) is the target of --to.
on_src () {
	env CRM_DB="$TRASH/src.db" "$@"
}

# reports DB OUT: what every report prints on DB, each after a header
reports () {
	for cmd in "crm-ls" "crm-ls --status lost" "crm-show 1 2 3" \
		"crm-value" "crm-value --period month" "crm-value --by category" \
		"crm-value --by staff --period month" \
		"crm-top" "crm-top --percent 50" "crm-lapsed" "crm-lapsed --auto" \
		"crm-bonus" "crm-bonus --list" "crm-bonus --statement 0001" \
		"crm-thank --list" "crm-note --list" "crm-note --open" \
		"crm-lost --reasons" "crm-referrals" "crm-habits --by item" \
		"crm-rfm" "crm-categorize --list" "crm-categorize --history" \
		"crm-report --as-of 2025-06-30" "crm-report --as-of 2025-03-31" \
		"crm-report --format json"
	do
		echo "# $cmd"
		# shellcheck disable=SC2086
		env CRM_DB="$1" $cmd </dev/null ||
			{ echo "failed on $1: $cmd" >&2; return 1; }
	done >"$2"
}

test_expect_success 'setup: an SQLite database with a bit of everything' '
	on_src crm-init &&
	on_src crm-categorize --define gold --description Gold --bonus 5.00 &&
	tsv in <<-\EOF &&
	name|card|email|source|referred_by
	Anna|0001|anna@example.com|fair|
	Bert|0002||web|1
	Cleo|||fair|1
	Dora|0004|dora@example.com|web|
	EOF
	on_src crm-add -q <in &&
	printf "1\n4\n" >ids &&
	CRM_TODAY=2025-02-01 on_src crm-categorize gold --note fair <ids >/dev/null &&
	tsv sales <<-\EOF &&
	customer|date|amount|cost|ref|item|staff
	1|2025-01-10|100.00|60.00|R1|boots|Uta
	1|2025-03-10|50.00||R2|socks|
	2|2025-02-01|20.00||R3|socks|Ben
	3|2025-05-05|10.00||R4||Uta
	4|2025-02-20|80.00|30.00|R6|boots|Ben
	4|2025-04-02|15.50||R7|laces|
	EOF
	on_src crm-sale -q <sales &&
	on_src crm-sale --returns R1 --ref R5 --date 2025-04-01 --reason "too small" 1 -20.00 &&
	on_src crm-bonus --redeem 0001 1.00 >/dev/null &&
	on_src crm-thank --how gift 1 >/dev/null &&
	on_src crm-note 2 --kind complaint --text slow >/dev/null &&
	on_src crm-note 1 --kind survey --score 4 --staff Uta >/dev/null &&
	on_src crm-lost 3 --reason price >/dev/null &&
	reports "$TRASH/src.db" src.out &&
	test -s src.out
'

test_expect_success '--to takes only a PostgreSQL database: 64' '
	test_must_fail_with 64 on_src crm-backup --to other.db 2>err &&
	test_stderr_matches "^crm-backup: --to takes a PostgreSQL database" err &&
	test ! -e other.db
'

test_expect_success '--to with a FILE, or with --check: 64' '
	test_must_fail_with 64 on_src crm-backup --to postgresql:dbname=x copy.db 2>err &&
	test_must_fail_with 64 on_src crm-backup --check --to postgresql:dbname=x 2>err &&
	test ! -e copy.db
'

test_expect_success POSTGRES,SQLITE3 'a copy that fails half way writes nothing' '
	on_src crm-backup bad.db &&
	sqlite3 bad.db "UPDATE thanks SET value = '"'"'many'"'"'" &&
	test_must_fail_with 65 crm-backup --db bad.db --to "$CRM_DB" 2>err &&
	test_one_line err &&
	test_stderr_matches "cannot take row 1 of table thanks: .*; nothing was written" err &&
	n=$(psql -X -A -t -d "$(pg_conninfo "$CRM_DB")" -c "SELECT (SELECT count(*) FROM category) + (SELECT count(*) FROM customer) + (SELECT count(*) FROM purchase)") &&
	test "$n" = 0
'

test_expect_success POSTGRES 'crm-backup --to copies every row into the empty PostgreSQL database' '
	on_src crm-backup --to "$CRM_DB" >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success POSTGRES 'every report prints on PostgreSQL what it printed on the file' '
	reports "$CRM_DB" pg.out &&
	test_cmp_nonempty src.out pg.out
'

test_expect_success POSTGRES 'the copy is a working database: a sale goes on from the copied ids' '
	crm-sale --date 2025-06-01 --ref R8 2 5.00 &&
	on_src crm-sale --date 2025-06-01 --ref R8 2 5.00 &&
	crm-ls --format json >pg.ls &&
	on_src crm-ls --format json >src.ls &&
	test_cmp src.ls pg.ls &&
	crm-backup --check -q &&
	reports "$TRASH/src.db" src.out &&
	reports "$CRM_DB" pg.out &&
	test_cmp_nonempty src.out pg.out
'

test_expect_success POSTGRES 'a second --to is refused with 65, and nothing is written' '
	db_snapshot before.snap &&
	test_must_fail_with 65 on_src crm-backup --to "$CRM_DB" 2>err &&
	test_one_line err &&
	test_stderr_matches "already holds crm data \\(table category has rows\\).*nothing was written" err &&
	db_snapshot after.snap &&
	test_cmp before.snap after.snap
'

test_expect_success POSTGRES 'crm-backup FILE on PostgreSQL writes a self-contained SQLite copy' '
	crm-backup copy.db >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test_file_mode -rw------- copy.db &&
	test ! -e copy.db-wal &&
	ls -A | grep "^copy\.db" >actual &&
	echo copy.db >expect &&
	test_cmp expect actual &&
	reports "$TRASH/copy.db" copy.out &&
	test_cmp_nonempty pg.out copy.out
'

test_expect_success POSTGRES 'the copy passes crm-backup --check, and sqlite3 finds it whole' '
	crm-backup --check --db copy.db 2>err &&
	echo "crm-backup: the summaries agree with the purchases" >expect &&
	test_cmp expect err &&
	if test_have sqlite3
	then
		sqlite3 copy.db "PRAGMA integrity_check; PRAGMA journal_mode" >actual &&
		printf "ok\ndelete\n" >expect &&
		test_cmp expect actual
	fi
'

test_expect_success POSTGRES,SQLITE3 'the copy holds the same rows, of the same types, as the file it came from' '
	for t in category customer batch category_change purchase bonus \
		thanks note status_change setting sum_customer sum_month \
		sum_year sum_group sum_day
	do
		sqlite3 src.db "SELECT *, quote(gaps) FROM $t" 2>/dev/null ||
		sqlite3 src.db "SELECT * FROM $t" || return 1
	done | sort >src.rows &&
	for t in category customer batch category_change purchase bonus \
		thanks note status_change setting sum_customer sum_month \
		sum_year sum_group sum_day
	do
		sqlite3 copy.db "SELECT *, quote(gaps) FROM $t" 2>/dev/null ||
		sqlite3 copy.db "SELECT * FROM $t" || return 1
	done | sort >copy.rows &&
	test_cmp_nonempty src.rows copy.rows &&
	sqlite3 src.db "SELECT key, typeof(value) FROM setting ORDER BY 1" >src.types &&
	sqlite3 copy.db "SELECT key, typeof(value) FROM setting ORDER BY 1" >copy.types &&
	test_cmp_nonempty src.types copy.types
'

test_expect_success POSTGRES 'the copy is a working crm database' '
	crm-sale --db copy.db --date 2025-06-02 --ref R9 1 1.00 &&
	crm-backup --check -q --db copy.db
'

test_expect_success POSTGRES 'a copy of PostgreSQL into PostgreSQL: refused when the target is not empty' '
	test_must_fail_with 65 crm-backup --to "$CRM_DB" 2>err &&
	test_stderr_matches "already holds crm data" err
'

test_expect_success POSTGRES 'no password of --to is in a message: a missing database is 69' '
	host=$(printf "%s\n" "$CRM_TEST_PG" | sed -n "s/.*host=\\([^ ]*\\).*/\\1/p") &&
	test -n "$host" &&
	test_must_fail_with 69 on_src crm-backup \
		--to "postgresql://crm:secret@/crm_t1550_missing?host=$host" 2>err &&
	test_stderr_matches "postgresql://crm:\\*\\*\\*@/crm_t1550_missing" err &&
	! grep secret err &&
	test_must_fail_with 69 on_src crm-backup \
		--to "postgresql:dbname=crm_t1550_missing password=secret $CRM_TEST_PG" 2>err &&
	test_stderr_matches "password=\\*\\*\\*" err &&
	! grep secret err
'

test_expect_success POSTGRES 'no password is in the message of a refused --to either' '
	test_must_fail_with 65 on_src crm-backup \
		--to "$CRM_DB password=secret" 2>err &&
	test_stderr_matches "already holds crm data" err &&
	! grep secret err
'

test_done
