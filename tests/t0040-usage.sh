#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='usage errors: a line saying what is wrong, then the usage, and 64'
. "$(dirname "$0")/lib.sh"

# usage_error CMD [ARG...]: CMD exits 64 without touching stdout; its
# stderr is first one line `CMD: what is wrong`, then the usage.  There is
# no database: an operand error is found before one is looked for.
usage_error () {
	if ! test_must_fail_with 64 "$@" </dev/null >out 2>err; then
		cat err
		echo "^^^ $*"
		return 1
	fi
	sed -n 1p err >first &&
	sed -n 2p err >second || return 1
	if ! test_must_be_empty out ||
	   ! grep -E "^$1: [^ ]" first >/dev/null ||
	   grep -E "^$1: usage:" first >/dev/null ||
	   ! grep -E "^usage: $1( |\$)" second >/dev/null; then
		echo "stderr was:"
		cat err
		echo "^^^ $*"
		return 1
	fi
	! db_exists || { echo "^^^ $* made a database"; return 1; }
}

test_expect_success 'crm: an unknown option before the command' '
	usage_error crm -x &&
	usage_error crm --no-such-option
'

test_expect_success 'crm-add, crm-init, crm-report: no operand at all' '
	usage_error crm-add extra &&
	usage_error crm-init extra &&
	usage_error crm-report extra
'

test_expect_success 'crm-backup: one FILE, no more, no fewer' '
	usage_error crm-backup &&
	usage_error crm-backup copy.db extra
'

test_expect_success 'crm-bonus: CARDs, --list, --statement CARD, or --redeem CARD AMOUNT' '
	usage_error crm-bonus --list extra &&
	usage_error crm-bonus --statement C1 extra &&
	usage_error crm-bonus --statement C1 --list &&
	usage_error crm-bonus --statement C1 --redeem C1 5.00 &&
	usage_error crm-bonus --redeem C1 &&
	grep "^crm-bonus: missing AMOUNT after --redeem C1\$" first &&
	usage_error crm-bonus --redeem C1 5.00 extra &&
	usage_error crm-bonus --list --redeem C1 5.00
'

test_expect_success 'crm-categorize: the operands of each mode' '
	usage_error crm-categorize &&
	usage_error crm-categorize --list extra &&
	usage_error crm-categorize --define gold extra &&
	usage_error crm-categorize --delete gold extra &&
	usage_error crm-categorize --load cats.yaml extra &&
	usage_error crm-categorize --undo 1 extra &&
	usage_error crm-categorize --rename old &&
	grep "^crm-categorize: missing NEW name after --rename old\$" first &&
	usage_error crm-categorize --rename old new extra &&
	grep "^crm-categorize: unexpected argument .extra.\$" first &&
	usage_error crm-categorize --history 1 2
'

test_expect_success 'crm-sale: ID AMOUNT, both or neither' '
	usage_error crm-sale 1 &&
	grep "^crm-sale: missing AMOUNT after customer 1\$" first &&
	usage_error crm-sale 1 5.00 extra &&
	grep "^crm-sale: unexpected argument .extra.\$" first &&
	usage_error crm-sale --pay R1 extra
'

test_expect_success 'the reports take no operand but -' '
	for c in crm-habits crm-lapsed crm-ls crm-referrals crm-rfm crm-top crm-value
	do
		usage_error "$c" extra &&
		usage_error "$c" - extra || return 1
	done
'

# getopt_long prints its messages after argv[0]: run by a path, a command
# still calls itself crm-X.
test_expect_success 'getopt'"'"'s messages say crm-X: also when run by a path' '
	(cd "$CRM_BIN_DIR" && ls) | grep -E "^crm(-[a-z]+)?\$" >commands &&
	test_line_count = 20 commands &&
	while read -r c
	do
		usage_error "$c" --no-such-option &&
		"$CRM_BIN_DIR/$c" --no-such-option </dev/null 2>err >/dev/null
		test "$?" = 64 &&
		grep "^$c: .*option .--no-such-option.\$" err >/dev/null ||
		{ cat err; echo "^^^ $CRM_BIN_DIR/$c --no-such-option"; return 1; }
		test "$c" = crm && continue
		"$CRM_BIN_DIR/$c" --db </dev/null 2>err >/dev/null
		test "$?" = 64 &&
		grep "^$c: option .--db. requires an argument\$" err >/dev/null ||
		{ cat err; echo "^^^ $CRM_BIN_DIR/$c --db"; return 1; }
	done <commands
'

test_done
