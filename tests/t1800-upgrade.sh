#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='an older database (schema version 1) is upgraded in place and keeps its data'
. "$(dirname "$0")/lib.sh"

if ! test_have_prereq SQLITE_DB
then
	skip_all "upgrades of old SQLite files, run in the SQLite run"
fi

fixture=$TEST_DATA/schema-v1.db
if ! test -f "$fixture"
then
	skip_all "no fixture $fixture"
fi

inode () {
	# shellcheck disable=SC2012
	ls -i "$1" | awk "{ print \$1 }"
}

test_expect_success 'setup' '
	cp "$fixture" v1.db &&
	cp "$fixture" v1-read.db &&
	inode v1.db >inode.before
'

test_expect_success SQLITE3 'the fixture is at schema version 1' '
	sqlite3 v1.db "PRAGMA user_version" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'crm-init upgrades it, silently' '
	crm-init --db v1.db >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'the upgrade is in place: same file' '
	inode v1.db >inode.after &&
	test_cmp inode.before inode.after
'

test_expect_success SQLITE3 'the schema version went up and the file is sound' '
	sqlite3 v1.db "PRAGMA user_version" >version &&
	test "$(cat version)" -gt 1 &&
	sqlite3 v1.db "PRAGMA integrity_check" >actual &&
	echo ok >expect &&
	test_cmp expect actual &&
	sqlite3 v1.db "PRAGMA foreign_key_check" >actual &&
	test_must_be_empty actual
'

test_expect_success 'the customers are kept' '
	tsv expect <<-\EOF &&
	id|name|email|phone|card|category|source|reason|referred_by|status|created|note
	1|Anna Berg|anna@example.org||400012345678|vip|fair|||active|2025-01-10|
	2|Bo Ek|||0042|regular|web|||active|2025-02-01|
	7|Cleo Tab\tName|cleo@example.org|||regular|fair||1|active|2025-03-05|
	EOF
	crm-ls --db v1.db >actual &&
	test_cmp expect actual
'

test_expect_success 'the categories and their terms are kept' '
	tsv expect <<-\EOF &&
	category|description|discount|bonus|prepay|customers
	employee|Employees, at special prices|10.0|0.0|no|0
	problem|Customers who must pay in advance|0.0|0.0|yes|0
	regular|Regular customers|0.0|0.0|no|2
	vip|Very important customers|0.0|5.0|no|1
	EOF
	crm-categorize --db v1.db --list >actual &&
	test_cmp expect actual
'

test_expect_success 'the category history is kept' '
	tsv expect <<-\EOF &&
	batch|date|id|old|new|note
	1|2025-04-01|1|regular|vip|spring
	EOF
	crm-categorize --db v1.db --history >actual &&
	test_cmp expect actual
'

test_expect_success 'a second crm-init changes nothing' '
	db_snapshot before v1.db &&
	crm-init --db v1.db &&
	db_snapshot after v1.db &&
	test_cmp before after
'

test_expect_success 'the upgraded database takes new customers and changes' '
	crm-add --db v1.db --name Dora --referred-by 7 >out &&
	echo 8 >expect &&
	test_cmp expect out &&
	crm-categorize --db v1.db --undo 1 >/dev/null &&
	crm-backup --check -q --db v1.db &&
	echo 1 | crm-ls --db v1.db -H --columns category - >actual &&
	echo regular >expect &&
	test_cmp expect actual &&
	crm-show --db v1.db 7 >show &&
	grep "^name: \"Cleo Tab\\\\tName\"$" show
'

# Reading never writes, so a reader cannot upgrade: it says how to.
test_expect_success 'a reading command on an old database is 65, says crm-init, changes nothing' '
	cp v1-read.db v1-read.before &&
	for cmd in "crm-ls" "crm-show 1" "crm-value" "crm-report" "crm-categorize --list"
	do
		test_must_fail_with 65 $cmd --db v1-read.db >out 2>err &&
		test_stderr_matches "^${cmd%% *}: .*schema version 1.*crm-init" err &&
		test_must_be_empty out &&
		cmp v1-read.before v1-read.db || return 1
	done &&
	crm-init --db v1-read.db &&
	crm-ls --db v1-read.db -H --columns id,name >actual &&
	printf "1\tAnna Berg\n2\tBo Ek\n7\tCleo Tab\\\\tName\n" >expect &&
	test_cmp expect actual
'

test_expect_success SQLITE3 'a database from a newer crm is refused and left alone' '
	cp "$fixture" future.db &&
	crm-init --db future.db &&
	sqlite3 future.db "PRAGMA user_version = 999" &&
	cp future.db future.orig &&
	test_must_fail crm-ls --db future.db 2>err &&
	test_stderr_matches "^crm-ls: .*(version|newer)" err &&
	test_must_fail crm-add --db future.db --name X 2>err &&
	test_stderr_matches "^crm-add: .*(version|newer)" err &&
	test_must_fail crm-init --db future.db 2>err &&
	test_stderr_matches "^crm-init: .*(version|newer)" err &&
	cmp future.orig future.db
'

# Version 4 keeps the first purchase of all in a setting instead of an
# index on every purchase's day: a version 3 database with purchases gets
# the setting from its purchases, and a sale dated earlier moves it.
test_expect_success SQLITE3 'version 3 to 4: the first sale day is taken from the purchases' '
	crm-init --db v3.db &&
	crm-add --db v3.db -q --name Eva &&
	printf "customer\tdate\tamount\n1\t2025-03-02\t5.00\n1\t2025-01-20\t7.00\n" |
		crm-sale --db v3.db -q &&
	sqlite3 v3.db "CREATE INDEX purchase_day ON purchase(day);
		DELETE FROM setting WHERE key = '"'"'first_sale_day'"'"';
		$(sql_before_v6) PRAGMA user_version = 3" &&
	crm-init --db v3.db &&
	sqlite3 v3.db "SELECT date(value * 86400, '"'"'unixepoch'"'"') FROM setting
		WHERE key = '"'"'first_sale_day'"'"';
		SELECT count(*) FROM sqlite_master WHERE name = '"'"'purchase_day'"'"';
		PRAGMA user_version" >actual &&
	printf "2025-01-20\n0\n7\n" >expect &&
	test_cmp expect actual
'

test_expect_success SQLITE3 'a sale before the first of all moves it; a later one does not' '
	crm-sale --db v3.db --date 2024-12-31 1 1.00 &&
	crm-sale --db v3.db --date 2025-02-01 1 1.00 &&
	sqlite3 v3.db "SELECT date(value * 86400, '"'"'unixepoch'"'"') FROM setting
		WHERE key = '"'"'first_sale_day'"'"'" >actual &&
	echo 2024-12-31 >expect &&
	test_cmp expect actual
'

# Version 7 records who served the customer: a staff column on purchases
# and notes, NULL for everything recorded before.
test_expect_success SQLITE3 'version 1 to 7: purchases and notes get a staff column' '
	sqlite3 v1.db "SELECT count(*) FROM pragma_table_info('"'"'purchase'"'"')
			WHERE name = '"'"'staff'"'"';
		SELECT count(*) FROM pragma_table_info('"'"'note'"'"')
			WHERE name = '"'"'staff'"'"'" >actual &&
	printf "1\n1\n" >expect &&
	test_cmp expect actual
'

test_expect_success SQLITE3 'version 6 to 7: the sales and notes are kept, without staff' '
	crm-init --db v6.db &&
	crm-add --db v6.db -q --name Fay &&
	printf "customer\tdate\tamount\tref\n1\t2025-03-02\t5.00\tA1\n" |
		crm-sale --db v6.db -q &&
	crm-note --db v6.db -q --kind survey --score 4 --date 2025-03-03 1 &&
	sqlite3 v6.db "$(sql_before_v7) PRAGMA user_version = 6" &&
	test_must_fail_with 65 crm-value --db v6.db 2>err &&
	test_stderr_matches "schema version 6.*crm-init" err &&
	crm-init --db v6.db &&
	sqlite3 v6.db "PRAGMA user_version;
		SELECT ref, amount, staff IS NULL FROM purchase;
		SELECT kind, score, staff IS NULL FROM note" >actual &&
	printf "7\nA1|500|1\nsurvey|4|1\n" >expect &&
	test_cmp expect actual &&
	crm-sale --db v6.db --date 2025-03-04 --staff Uta 1 7.00 &&
	crm-value --db v6.db --by staff --period all -H --as-of 2025-03-31 >actual &&
	printf "\t1\t1\t5.00\t0.00\t0.00\t0.0\t5.00\nUta\t1\t1\t7.00\t0.00\t0.00\t0.0\t7.00\n" >expect &&
	test_cmp expect actual
'

test_done
