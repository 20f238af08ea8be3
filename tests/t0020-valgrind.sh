#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2317
test_description='valgrind: no leak and no invalid access, on success and on failure'
. "$(dirname "$0")/lib.sh"

test_lazy_prereq VALGRIND 'command -v valgrind'
test_lazy_prereq PLAIN_BUILD '! nm "$CRM_BIN_DIR/crm-ls" 2>/dev/null | grep -q __asan_init'

# vg STATUS cmd...: run cmd under valgrind; it must exit STATUS and
# valgrind must find no error and no definite or possible leak.
vg () {
	vg_want_=$1
	shift
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,possible \
		--error-exitcode=99 --log-file=vg.log "$@"
	vg_got_=$?
	if test -s vg.log; then
		cat vg.log >&2
		return 1
	fi
	if test "$vg_got_" != "$vg_want_"; then
		echo "exit $vg_got_, wanted $vg_want_" >&2
		return 1
	fi
}

if ! test_have_prereq VALGRIND,PLAIN_BUILD; then
	skip_all 'valgrind is missing, or the commands are a sanitizer build'
fi

test_expect_success 'a session of writes' '
	vg 0 crm-init &&
	tsv in <<-\EOF &&
	name|card|email|source|category
	Anna|0001|anna@example.com|fair|vip
	Bert|0002||web|
	Cleo|||fair|
	EOF
	vg 0 crm-add -q <in &&
	tsv sales <<-\EOF &&
	customer|date|amount|cost|ref|item|staff
	1|2025-01-10|100.00|60.00|R1|boots|Uta
	1|2025-03-10|50.00||R2|socks|
	2|2025-02-01|20.00||R3|socks|Ben
	3|2025-05-05|10.00||R4||Uta
	1|2025-04-01|-20.00||R5|boots|Ben
	EOF
	vg 0 crm-sale -q <sales &&
	vg 0 crm-thank --how gift 1 >/dev/null &&
	vg 0 crm-note 2 --kind complaint --text slow >/dev/null &&
	vg 0 crm-note 1 --kind survey --score 4 --staff Uta >/dev/null &&
	vg 0 crm-sale --staff Ben --date 2025-05-06 2 5.00 &&
	vg 0 crm-lost 3 --reason price >/dev/null &&
	printf "2\n" >ids &&
	vg 0 crm-categorize vip <ids >/dev/null &&
	vg 0 crm-edit --phone 555 1 >/dev/null &&
	vg 0 crm-bonus --redeem 0001 1.00 >/dev/null &&
	printf "phone\tscore\n5-5-5\t4\n999\t2\n" >replies &&
	vg 0 crm-note --kind survey <replies >/dev/null 2>err &&
	vg 0 crm-backup copy.db
'

test_expect_success 'every report' '
	for cmd in "crm-ls" "crm-show 1 2" "crm-value --period month" \
		"crm-value --by category" "crm-top --percent 50" \
		"crm-lapsed --days 30" "crm-lapsed --auto" "crm-referrals" \
		"crm-thank --list" "crm-note --open" "crm-lost --reasons" \
		"crm-habits" "crm-habits --by item" "crm-habits --item BO" \
		"crm-report --sections sales --mail --to a@b" "crm-rfm" \
		"crm-bonus --list" "crm-categorize --history" \
		"crm-value --by staff --period month" "crm-note --list" \
		"crm-note --summary --by staff --period month" \
		"crm-report -q" "crm-report -q --format json"
	do
		# shellcheck disable=SC2086
		vg 0 $cmd >out || { echo "in: $cmd" >&2; return 1; }
	done
'

test_expect_success 'failures exit cleanly too: bad line, unknown customer, busy' '
	printf "name|email\nX|anna@example.com\n" | tr "|" "\t" >dup &&
	vg 65 crm-add <dup 2>err &&
	printf "customer\tdate\tamount\n1\t2025-13-01\t1\n" >bad &&
	vg 65 crm-sale <bad 2>err &&
	printf "phone\tscore\n555\t7\n" >replies &&
	vg 65 crm-note --kind survey <replies 2>err &&
	printf "phone\tscore\tmood\n" >replies &&
	vg 65 crm-note --kind survey <replies 2>err &&
	vg 66 crm-show 99 2>err &&
	vg 64 crm-top --percent 10x 2>err
'

test_expect_success 'imports through rules: a good one, a bad record, bad rules' '
	EX=$CRM_SOURCE_DIR/examples &&
	vg 0 crm-init --db de.db &&
	vg 0 crm-add -q --db de.db --rules "$EX/kunden-de.rules" \
		<"$TEST_DATA/kunden-de.csv" &&
	vg 0 crm-sale -q --db de.db --rules "$EX/till-de-cp1252.rules" \
		<"$TEST_DATA/till-de-cp1252.csv" &&
	vg 0 crm-sale -n --rules "$EX/till-de.rules" \
		<"$TEST_DATA/till-de.csv" >out &&
	sed "3s/;7,90;/;7,9x;/" "$TEST_DATA/till-de.csv" >bad.csv &&
	vg 65 crm-sale --db de.db --rules "$EX/till-de.rules" <bad.csv 2>err &&
	vg 65 crm-sale -n --keep-going --rules "$EX/till-de.rules" \
		<bad.csv >out 2>err &&
	printf "fields: {amount: \"%%{Summe}\"}\n" >r.rules &&
	vg 78 crm-sale --db de.db --rules r.rules <bad.csv 2>err
'

test_done
