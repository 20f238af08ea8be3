#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='test library sanity; --help, bad options and --version of every command'
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------------------
# The test library itself

test_expect_success 'the environment is clean and inside the trash directory' '
	test "$HOME" = "$TRASH" &&
	test "$(pwd -P)" = "$(cd "$TRASH" && pwd -P)" &&
	test "$LC_ALL" = C &&
	test "$TZ" = UTC &&
	test "$CRM_TODAY" = 2025-06-30 &&
	test "$XDG_DATA_HOME" = "$TRASH/.local/share" &&
	test "$XDG_CONFIG_HOME" = "$TRASH/.config" &&
	test -z "${CRM_CONFIG+set}" &&
	test -z "${CRM_BUSY_TIMEOUT+set}" &&
	! db_exists
'

test_expect_success SQLITE_DB 'the default database is the file crm.db in the trash directory' '
	test "$CRM_DB" = "$TRASH/crm.db" &&
	test ! -e "$CRM_DB"
'

test_expect_success POSTGRES 'in PostgreSQL mode it is an empty database named after the script' '
	test "$CRM_DB" = "postgresql:dbname=crm_t0000_basics $CRM_TEST_PG" &&
	test_have_prereq !SQLITE_DB &&
	psql -X -A -t -d "$(pg_conninfo "$CRM_DB")" -c "SELECT current_database()" >actual &&
	echo crm_t0000_basics >expect &&
	test_cmp expect actual
'

test_expect_success 'test_fresh_db makes the default database new and empty' '
	crm-init &&
	db_exists &&
	test_fresh_db &&
	! db_exists &&
	test_must_fail_with 66 crm-ls 2>err &&
	crm-init &&
	test "$(customer_count)" = 0 &&
	test_fresh_db
'

test_expect_success 'the commands under test come first in PATH' '
	test "${PATH%%:*}" = "$CRM_BIN_DIR" &&
	test "$(command -v crm-init)" = "$CRM_BIN_DIR/crm-init"
'

test_expect_success 'a body runs in the trash directory and may cd away' '
	mkdir sub &&
	cd sub &&
	test "$(pwd -P)" = "$(cd "$TRASH/sub" && pwd -P)"
'

test_expect_success 'the next body starts in the trash directory again' '
	test "$(pwd -P)" = "$(cd "$TRASH" && pwd -P)"
'

test_expect_success 'variables set in a body are seen by the next body' '
	carried=yes
'

test_expect_success 'variables carried over' '
	test "$carried" = yes
'

test_expect_success 'test_must_fail_with accepts the expected status only' '
	test_must_fail_with 65 sh -c "exit 65" &&
	! test_must_fail_with 66 sh -c "exit 65" 2>err &&
	grep "expected exit status 66, got 65" err &&
	! test_must_fail_with 0 sh -c "exit 3" 2>/dev/null &&
	test_must_fail_with 0 true
'

test_expect_success 'a signal or a missing command is never an expected failure' '
	! test_must_fail_with 139 sh -c "kill -SEGV \$\$" 2>err &&
	grep "died of signal 11" err &&
	! test_must_fail_with 137 sh -c "kill -KILL \$\$" 2>/dev/null &&
	! test_must_fail_with 127 no-such-command-anywhere 2>/dev/null &&
	! test_must_fail sh -c "kill -ABRT \$\$" 2>/dev/null &&
	! test_must_fail true 2>/dev/null &&
	test_must_fail false
'

test_expect_success 'test_cmp, test_cmp_nonempty, test_line_count, test_must_be_empty, test_stderr_matches' '
	printf "a\nb\n" >one &&
	printf "a\nb\n" >two &&
	printf "a\nc\n" >three &&
	test_cmp one two &&
	! test_cmp one three >/dev/null &&
	test_line_count = 2 one &&
	! test_line_count = 3 one >/dev/null &&
	: >empty &&
	test_must_be_empty empty &&
	! test_must_be_empty one >/dev/null &&
	test_cmp_nonempty one two &&
	! test_cmp_nonempty one three >/dev/null &&
	: >empty2 &&
	test_cmp empty empty2 &&
	! test_cmp_nonempty empty empty2 >/dev/null &&
	! test_cmp_nonempty empty one >/dev/null &&
	! test_cmp_nonempty one empty >/dev/null &&
	echo "crm-add: line 3: bad" >msg &&
	test_stderr_matches "^crm-add: line 3: " msg &&
	! test_stderr_matches "^crm-add: line 4: " msg >/dev/null
'

test_expect_success 'write_tsv and tsv write TAB-separated lines' '
	write_tsv a.tsv "name|card" "Anna|0012" &&
	printf "name\tcard\nAnna\t0012\n" >expect &&
	test_cmp expect a.tsv &&
	tsv b.tsv <<-\EOF &&
	name|card
	Anna|0012
	EOF
	test_cmp expect b.tsv
'

test_expect_success 'test_expect_code checks the status of the body' '
	true
'
test_expect_code 66 'test_expect_code sees the last status' '
	true && sh -c "exit 66"
'

test_expect_success 'prerequisites' '
	test_set_prereq HAVE_IT &&
	test_have_prereq HAVE_IT &&
	! test_have_prereq NOT_SET &&
	test_have_prereq !NOT_SET &&
	! test_have_prereq HAVE_IT,NOT_SET &&
	test_have sh &&
	! test_have no-such-program-anywhere
'

test_expect_success NOT_SET 'a test with a missing prerequisite is skipped' '
	false
'

# Run a small test script with this library and look at its TAP.
run_sub_test () {
	mkdir -p "sub-$1" &&
	{
		echo "#!/bin/sh" &&
		echo "test_description='sub-test $1'" &&
		echo ". \"\$TEST_DIRECTORY/lib.sh\"" &&
		cat
	} >"sub-$1/t9999-$1.sh" &&
	(
		unset CRM_TEST_KEEP CRM_TEST_VERBOSE CRM_TEST_ROOT &&
		cd "sub-$1" &&
		CRM_BIN=$CRM_BIN_DIR sh "./t9999-$1.sh" >../out 2>../err
	)
}

test_expect_success 'a passing sub-test script exits 0 and removes its trash' '
	run_sub_test pass <<-\EOF &&
	test_expect_success "one" "true"
	test_expect_success "two" "test -n \"\$TRASH\""
	test_done
	EOF
	grep "^ok 1 - one$" out &&
	grep "^ok 2 - two$" out &&
	grep "^1\.\.2$" out &&
	test ! -d sub-pass/trash.t9999-pass
'

test_expect_success 'a failing sub-test script exits 1, keeps its trash and shows the output' '
	test_must_fail_with 1 run_sub_test fail <<-\EOF &&
	test_expect_success "good" "true"
	test_expect_success "bad" "echo some-diagnostic && false"
	test_expect_success "broken chain" "echo a; false"
	test_done
	EOF
	grep "^ok 1 - good$" out &&
	grep "^not ok 2 - bad$" out &&
	grep "^# some-diagnostic$" out &&
	grep "^not ok 3 - broken chain$" out &&
	grep "broken &&-chain" out &&
	grep "^1\.\.3$" out &&
	test -d sub-fail/trash.t9999-fail
'

test_expect_success 'a sub-test script that exits early is reported' '
	test_must_fail_with 1 run_sub_test early <<-\EOF &&
	test_expect_success "exits" "exit 0"
	test_done
	EOF
	grep "^# FATAL: unexpected exit" out
'

test_expect_success 'skip_all skips a sub-test script' '
	run_sub_test skip <<-\EOF &&
	skip_all "nothing to do here"
	EOF
	grep "^1\.\.0 # SKIP nothing to do here$" out &&
	test ! -d sub-skip/trash.t9999-skip
'

test_expect_success 'test_refused checks status, message and an unchanged database' '
	crm-init &&
	test_refused 66 "^crm-add: .*nope" crm-add --name X --category nope &&
	! test_refused 65 "^crm-add: " crm-add --name X --category nope >/dev/null &&
	! test_refused 0 "^crm-add: " crm-add --name X >/dev/null
'

# ---------------------------------------------------------------------------
# Every command: --help, -h, a bad option, --version

test_expect_success 'the commands of issue 3 are all there' '
	for c in crm crm-init crm-add crm-edit crm-ls crm-show crm-categorize crm-backup
	do
		test -x "$CRM_BIN_DIR/$c" || { echo "missing $c"; return 1; }
	done
'

test_expect_success 'list of commands to check' '
	(cd "$CRM_BIN_DIR" && ls) >all &&
	grep -E "^crm(-[a-z][a-z0-9-]*)?$" all >commands &&
	test -s commands
'

test_expect_success 'every command answers --help on stdout with status 0' '
	while read -r c
	do
		test_must_fail_with 0 "$c" --help >out 2>err &&
		test -s out &&
		test_must_be_empty err &&
		grep -i "usage" out >/dev/null &&
		grep -F "$c" out >/dev/null || { echo "^^^ $c --help"; return 1; }
	done <commands
'

test_expect_success 'every command answers -h like --help' '
	while read -r c
	do
		"$c" --help >expect &&
		test_must_fail_with 0 "$c" -h >out 2>err &&
		test_must_be_empty err &&
		test_cmp expect out || { echo "^^^ $c -h"; return 1; }
	done <commands
'

test_expect_success '--help does not touch the database' '
	while read -r c
	do
		CRM_DB=$TRASH/untouched.db "$c" --help >/dev/null </dev/null &&
		test ! -e untouched.db || { echo "^^^ $c --help"; return 1; }
	done <commands
'

test_expect_success DEV_FULL '--help into a full disk fails with 74' '
	while read -r c
	do
		test_must_fail_with 74 "$c" --help >/dev/full 2>err &&
		test_stderr_matches "^$c: " err || { echo "^^^ $c"; return 1; }
	done <commands
'

test_expect_success 'every command refuses a bad option with usage on stderr and 64' '
	while read -r c
	do
		test_must_fail_with 64 "$c" --no-such-option </dev/null >out 2>err &&
		test_must_be_empty out &&
		test_stderr_matches "^$c: " err &&
		grep -i "usage" err >/dev/null &&
		grep -F -e "no-such-option" err >/dev/null ||
		{ echo "^^^ $c --no-such-option"; return 1; }
	done <commands
'

test_expect_success 'every command refuses a bad short option with 64' '
	while read -r c
	do
		test_must_fail_with 64 "$c" -Z </dev/null >out 2>err &&
		test_must_be_empty out &&
		grep -i "usage" err >/dev/null || { echo "^^^ $c -Z"; return 1; }
	done <commands
'

test_expect_success 'a bad option changes nothing' '
	while read -r c
	do
		CRM_DB=$TRASH/untouched.db "$c" --no-such-option </dev/null >/dev/null 2>&1
		test ! -e untouched.db || { echo "^^^ $c created the database"; return 1; }
	done <commands
'

test_expect_success 'every command prints its version' '
	while read -r c
	do
		test_must_fail_with 0 "$c" --version >out 2>err &&
		test_must_be_empty err &&
		test_line_count = 1 out &&
		test_stderr_matches "^$c \(crm\) [0-9]+\.[0-9]+\.[0-9]+" out ||
		{ echo "^^^ $c --version"; return 1; }
	done <commands
'

test_expect_success 'all commands have the same version' '
	while read -r c
	do
		"$c" --version >out &&
		sed -e "s/^[^ ]* //" out >>versions || return 1
	done <commands &&
	sort -u versions >unique &&
	test_line_count = 1 unique
'

test_expect_success 'an option that needs an argument and lacks it is 64' '
	test_refused 64 "^crm-ls: " crm-ls --columns &&
	test_refused 64 "^crm-add: " crm-add --name
'

test_expect_success 'an unexpected operand is 64' '
	crm-init &&
	test_refused 64 "^(crm-init: |usage: crm-init)" crm-init extra &&
	test_refused 64 "^(crm-ls: |usage: crm-ls)" crm-ls extra &&
	test_refused 64 "^(crm-add: |usage: crm-add)" crm-add --name X extra &&
	test_refused 64 "^(crm-backup: |usage: crm-backup)" crm-backup one.db extra &&
	test ! -e one.db
'

test_expect_success 'a bad --format is 64 and names the value' '
	test_refused 64 "^crm-ls: .*yaml" crm-ls --format yaml &&
	test_refused 64 "^crm-categorize: .*xml" crm-categorize --list --format xml
'

test_expect_success 'a bad CRM_TODAY is refused' '
	CRM_DB=$TRASH/today.db &&
	crm-init &&
	test_must_fail env CRM_TODAY=2025-02-30 crm-add --name X 2>err &&
	test_stderr_matches "^crm-add: .*CRM_TODAY" err &&
	test "$(customer_count)" = 0
'

test_done
