#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm: the dispatcher runs crm-CMD and lists the commands'
. "$(dirname "$0")/lib.sh"

test_expect_success 'crm alone lists the commands on stdout, name TAB description' '
	crm >out 2>err &&
	test_must_be_empty err &&
	test -s out &&
	while IFS= read -r line
	do
		case $line in
		*"$TAB"?*) ;;
		*) echo "not name TAB description: $line"; return 1 ;;
		esac
	done <out
'

test_expect_success 'the list holds every command of issue 3' '
	cut -f1 out | sed -e "s/^crm-//" | sort >names &&
	for c in add backup categorize edit init ls show
	do
		grep -x "$c" names >/dev/null || { echo "crm does not list $c"; return 1; }
	done
'

test_expect_success 'every command listed exists' '
	while read -r c
	do
		test -x "$CRM_BIN_DIR/crm-$c" || command -v "crm-$c" >/dev/null ||
		{ echo "crm lists $c, but there is no crm-$c"; return 1; }
	done <names
'

test_expect_success 'crm ls gives what crm-ls gives' '
	crm-init &&
	crm-add --name "Anna Berg" --card 0001 >/dev/null &&
	crm-add --name "Bo" --source web >/dev/null &&
	crm-ls >expect &&
	crm ls >actual &&
	test_cmp_nonempty expect actual &&
	crm-ls --format json --source web >expect &&
	crm ls --format json --source web >actual &&
	test_cmp_nonempty expect actual
'

test_expect_success 'crm add passes arguments intact' '
	crm add --name "  two  spaces *" --note "a${TAB}b" >out &&
	echo 3 >expect &&
	test_cmp expect out &&
	echo 3 | crm-ls -H --columns name,note - >actual &&
	printf "  two  spaces *\ta\\\\tb\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'crm passes stdin through' '
	printf "1\n2\n" | crm categorize vip >out &&
	echo "2 changed" >expect &&
	test_cmp expect out
'

test_expect_success 'crm passes the exit status through' '
	test_must_fail_with 66 crm ls --category nosuch 2>err &&
	test_stderr_matches "^crm-ls: .*nosuch" err &&
	test_must_fail_with 64 crm ls --bogus 2>err &&
	test_must_fail_with 66 crm show 99 2>err &&
	test_stderr_matches "^crm-show: " err
'

test_expect_success 'crm CMD --help is crm-CMD --help' '
	crm-add --help >expect &&
	crm add --help >actual &&
	test_cmp expect actual
'

test_expect_success 'an unknown command is 64' '
	test_must_fail_with 64 crm frobnicate >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm: .*frobnicate.* is not a crm command" err
'

test_expect_success 'crm --help, crm -h and crm --version' '
	crm --help >out &&
	grep -i usage out &&
	crm -h >out2 &&
	test_cmp_nonempty out out2 &&
	crm --version >out &&
	test_stderr_matches "^crm \(crm\) [0-9]" out
'

test_expect_success 'crm finds the commands beside itself even when PATH does not' '
	crm-ls >expect &&
	PATH=/usr/bin:/bin "$CRM_BIN_DIR/crm" ls >actual &&
	test_cmp_nonempty expect actual
'

test_expect_success 'crm runs a user command crm-X from PATH' '
	mkdir mybin &&
	cat >mybin/crm-hello <<-\EOF &&
	#!/bin/sh
	printf "hello"
	printf " <%s>" "$@"
	echo
	EOF
	chmod +x mybin/crm-hello &&
	PATH=$TRASH/mybin:$PATH crm hello "a b" "" c >actual &&
	echo "hello <a b> <> <c>" >expect &&
	test_cmp expect actual
'

test_expect_success 'a command name cannot leave the command directory' '
	test_must_fail crm ../bin/crm-ls >out 2>err &&
	test_must_be_empty out &&
	test_must_fail crm /bin/true >out 2>err &&
	test_must_be_empty out
'

test_done
