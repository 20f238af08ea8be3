#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='summaries: the reports read from the summaries print what they print from the purchases; every write keeps the summaries current; crm-backup --check finds drift; the upgrade from schema 5 builds them'
. "$(dirname "$0")/lib.sh"

# The summaries (sum_customer, sum_month, sum_day) are a cache of the
# purchases kept inside every write transaction.  Two things can go wrong:
# a report read from them says something else than the same report summed
# from the purchases (CRM_NO_SUMMARIES=1 forces that path), or a write
# leaves them behind the purchases.  The first is tested by running every
# report both ways on the report fixture; the second by running
# crm-backup --check after each kind of write, and by altering the
# summaries by hand to see that the check notices.

# shellcheck source=SCRIPTDIR/report-fixture.sh
. "$TEST_DIRECTORY/report-fixture.sh"

# ---------------------------------------------------------------------------
# Helpers

# same CMD [ARGS...]: CMD prints the same on stdout and stderr, and exits
# 0, on the summary path and on the purchase path.  Standard input is
# $same_in (default /dev/null) for both runs.
same () {
	"$@" <"${same_in:-/dev/null}" >sum.out 2>sum.err ||
		{ echo "failed (summaries): $*"; cat sum.err; return 1; }
	CRM_NO_SUMMARIES=1 "$@" <"${same_in:-/dev/null}" >pur.out 2>pur.err ||
		{ echo "failed (purchases): $*"; cat pur.err; return 1; }
	if ! { test_cmp_nonempty pur.out sum.out && test_cmp pur.err sum.err; }
	then
		echo "^^^ differs: $*"
		return 1
	fi
}

# same_stdin FILE CMD [ARGS...]: as same, with FILE on standard input.
same_stdin () {
	same_in=$1
	shift
	same "$@"
	same_ret_=$?
	same_in=
	return "$same_ret_"
}

# on DB CMD [ARGS...]: CMD with CRM_DB set to DB, in a subshell (an
# assignment before a function call may outlive the call in some shells).
on () {
	(
		CRM_DB=$1
		export CRM_DB
		shift
		"$@"
	)
}

# same_html ARGS...: crm-report --html writes the same page both ways.
same_html () {
	rm -f sum.html pur.html &&
	crm-report -q --html sum.html "$@" </dev/null >sum.out &&
	CRM_NO_SUMMARIES=1 crm-report -q --html pur.html "$@" </dev/null >pur.out &&
	if ! { test_cmp_nonempty pur.html sum.html && test_cmp pur.out sum.out; }
	then
		echo "^^^ html: $*"
		return 1
	fi
}

# check [DB]: crm-backup --check passes, and says so.
check () {
	crm-backup --check ${1:+--db "$1"} </dev/null >check.out 2>check.err || {
		echo "crm-backup --check failed:"
		cat check.err
		return 1
	}
	test_must_be_empty check.out &&
	echo "crm-backup: the summaries agree with the purchases" >check.want &&
	test_cmp check.want check.err
}

# reports D: every report as of D, both ways.
reports () {
	for a in "--as-of $1" "--as-of $1 --period year" \
		"--as-of $1 --period month" "--as-of $1 --by profit" \
		"--as-of $1 --by count" "--as-of $1 --summary" \
		"--as-of $1 --count 3 --by count --period quarter" \
		"--as-of $1 --category vip" \
		"--as-of $1 --from 2025-01-01" "--as-of $1 --from 2025-03-15" \
		"--as-of $1 --from 2024-02-01 --to 2024-11-30" \
		"--as-of $1 --from 2024-01-14 --to 2024-11-05"
	do
		# shellcheck disable=SC2086
		same crm-top $a || return 1
	done &&
	for a in "" "--period month" "--period quarter" "--period year" \
		"--period week" "--period day" "--period all" \
		"--by category" "--by source" "--by reason" \
		"--by category --current" "--by source --period month" \
		"--by category --period quarter" \
		"--from 2025-01-01" "--from 2025-03-01 --period month" \
		"--from 2025-03-15" "--from 2025-03-15 --period month" \
		"--from 2024-06-01 --to 2025-02-28 --period month" \
		"--from 2024-01-14 --to 2025-02-10 --by category" \
		"--from 2024-01-01 --to 2024-12-31 --by category --current"
	do
		# shellcheck disable=SC2086
		same crm-value --as-of "$1" $a || return 1
	done &&
	for a in "--days 60" "--days 1" "--days 60 --include-never" \
		"--days 30 --include-lost" "--auto" "--auto --single" \
		"--auto --factor 1.5"
	do
		# shellcheck disable=SC2086
		same crm-lapsed --as-of "$1" $a || return 1
	done &&
	for a in "" "--summary" "--period month" "--period year --summary" \
		"--from 2025-01-01" "--format json"
	do
		# shellcheck disable=SC2086
		same crm-rfm --as-of "$1" $a || return 1
	done &&
	same crm-report -q --as-of "$1" &&
	same crm-report -q --as-of "$1" --format json &&
	same crm-report -q --as-of "$1" --since 2024-01-01 &&
	same_html --as-of "$1"
}

# selected D: the reports that take ids on stdin, for a selection.
selected () {
	same_stdin sel crm-top --as-of "$1" - &&
	same_stdin sel crm-top --as-of "$1" --period month - &&
	same_stdin sel crm-top --as-of "$1" --from 2025-01-01 - &&
	same_stdin sel crm-value --as-of "$1" - &&
	same_stdin sel crm-value --as-of "$1" --period month - &&
	same_stdin sel crm-value --as-of "$1" --by category - &&
	same_stdin sel crm-value --as-of "$1" --from 2025-03-15 - &&
	same_stdin sel crm-lapsed --as-of "$1" --days 30 --include-lost - &&
	same_stdin sel crm-lapsed --as-of "$1" --auto - &&
	same_stdin sel crm-rfm --as-of "$1" - &&
	same_stdin sel crm-rfm --as-of "$1" --summary -
}

# ---------------------------------------------------------------------------
# The two paths print the same

test_expect_success 'set up the report fixture' '
	printf "1\n3\n8\n12\n" >sel &&
	setup_data &&
	crm-categorize -q --date 2025-04-01 vip 5 &&
	tsv more-sales <<-\EOF &&
	customer|date|amount|cost|ref|returns
	5|2025-05-10|30.00||E3|
	2|2025-06-14|10.00|6.00|B4|
	EOF
	crm-sale -q <more-sales &&
	check
'

# The comparison must be able to fail: on a copy whose summaries are
# altered, the summary path must print something else (so the reports
# above did read the summaries, and "same" sees a difference).
test_expect_success SQLITE3,SQLITE_DB 'the comparison sees altered summaries' '
	cp crm.db altered.db &&
	sqlite3 altered.db "UPDATE sum_month SET revenue = revenue + 100 WHERE customer_id = 1; UPDATE sum_customer SET revenue = revenue + 100 WHERE customer_id = 1; UPDATE sum_day SET revenue = revenue + 100" &&
	! on altered.db same crm-value --period month --as-of 2025-05-31 &&
	! on altered.db same crm-top --as-of 2025-06-30 &&
	! on altered.db same crm-report -q --as-of 2025-06-30 &&
	! on altered.db same_stdin sel crm-rfm --as-of 2025-06-30 - &&
	cp crm.db altered.db &&
	sqlite3 altered.db "UPDATE sum_year SET revenue = revenue + 100; UPDATE sum_group SET revenue = revenue + 100" &&
	! on altered.db same crm-value --by category --period year --as-of 2024-12-31 &&
	! on altered.db same crm-value --by category --period month --as-of 2025-05-31 &&
	! on altered.db same crm-top --period year --as-of 2024-12-31 &&
	rm -f altered.db
'

for d in 2025-06-30 2025-05-31 2025-06-15 2025-06-13 2024-12-31 2024-06-10
do
	test_expect_success "every report as of $d: summaries and purchases agree" "
		reports $d
	"
	test_expect_success "with a selection on stdin, as of $d" "
		selected $d
	"
done

test_expect_success 'today (no --as-of), all-time, both ways' '
	same crm-top &&
	same crm-top --period all &&
	same crm-value &&
	same crm-value --period month &&
	same crm-lapsed --days 10 &&
	same crm-rfm --summary &&
	same crm-report -q --format json
'


# ---------------------------------------------------------------------------
# Writes keep the summaries current

test_expect_success 'sales in date order' '
	crm-init --db order.db &&
	printf "name\nA\nB\nC\n" | crm-add --db order.db -q &&
	tsv s <<-\EOF &&
	customer|date|amount|cost
	1|2025-01-05|10.00|4.00
	2|2025-01-06|20.00|8.00
	1|2025-02-10|30.00|12.00
	3|2025-03-31|40.00|16.00
	2|2025-04-01|50.00|20.00
	EOF
	crm-sale --db order.db -q <s &&
	check order.db
'

test_expect_success 'one sale at a time, in date order' '
	crm-sale --db order.db -q --date 2025-04-02 1 5.00 &&
	crm-sale --db order.db -q --date 2025-04-03 --cost 1.00 3 6.00 &&
	check order.db
'

test_expect_success 'a back-dated sale, before the customer'\''s last purchase day' '
	crm-sale --db order.db -q --date 2025-01-20 1 7.00 &&
	check order.db &&
	crm-sale --db order.db -q --date 2024-12-01 --cost 2.00 2 8.00 &&
	check order.db &&
	tsv back <<-\EOF &&
	customer|date|amount|cost
	3|2025-01-01|9.00|3.00
	1|2024-11-30|11.00|
	EOF
	crm-sale --db order.db -q <back &&
	check order.db &&
	on order.db same crm-value --period month --as-of 2025-04-30 &&
	on order.db same crm-top --as-of 2025-04-30
'

test_expect_success 'same-day sales, in one load and one at a time' '
	tsv sameday <<-\EOF &&
	customer|date|amount|cost
	1|2025-04-03|1.00|0.50
	1|2025-04-03|2.00|0.50
	2|2025-04-03|3.00|
	EOF
	crm-sale --db order.db -q <sameday &&
	crm-sale --db order.db -q --date 2025-04-03 1 4.00 &&
	check order.db &&
	on order.db same crm-lapsed --auto --as-of 2025-06-30
'

test_expect_success 'returns, and a customer with only a return' '
	tsv ret <<-\EOF &&
	customer|date|amount|cost|ref|returns
	1|2025-05-01|100.00|40.00|R1|
	1|2025-05-03|-30.00|12.00|R2|R1
	EOF
	crm-sale --db order.db -q <ret &&
	check order.db &&
	printf "name\nD\n" | crm-add --db order.db -q &&
	crm-sale --db order.db -q --date 2025-05-04 4 -5.00 &&
	check order.db &&
	on order.db same crm-top --as-of 2025-05-31 --by profit &&
	on order.db same crm-value --as-of 2025-05-31 --period month
'

test_expect_success 'sales without a cost' '
	crm-sale --db order.db -q --date 2025-05-05 3 12.00 &&
	printf "customer\tdate\tamount\n2\t2025-05-06\t13.00\n4\t2025-02-01\t14.00\n" >nocost &&
	crm-sale --db order.db -q <nocost &&
	check order.db &&
	on order.db same crm-value --as-of 2025-05-31 --by category
'

test_expect_success SQLITE3 'a --dry-run notes nothing' '
	sqlite3 order.db "SELECT * FROM sum_customer; SELECT * FROM sum_month; SELECT * FROM sum_day; SELECT * FROM setting" >before &&
	crm-sale --db order.db -n -q --date 2024-01-01 1 99.00 &&
	printf "customer\tdate\tamount\n2\t2023-05-06\t13.00\n" >dry &&
	crm-sale --db order.db -n -q <dry &&
	sqlite3 order.db "SELECT * FROM sum_customer; SELECT * FROM sum_month; SELECT * FROM sum_day; SELECT * FROM setting" >after &&
	test_cmp before after &&
	check order.db
'

test_expect_success 'a refused bulk input writes nothing (65)' '
	cp order.db before.db &&
	printf "customer\tdate\tamount\n1\t2024-01-02\t5.00\n2\t2025-06-01\t6.00\n3\t2025-06-01\tseven\n" >bad &&
	on order.db test_refused 65 "^crm-sale: line 4: " crm-sale <bad &&
	check order.db
'

test_expect_success 'a bulk import larger than one batch, interleaved and back-dated' '
	crm-init --db big.db &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 540; i++) print \"C\" i }" |
		crm-add --db big.db -q &&
	awk "BEGIN {
		print \"customer\tdate\tamount\tcost\"
		for (i = 0; i < 70000; i++) {
			c = (i * 7919) % 500 + 1
			# customers 501 to 540 buy once
			if (i % 1600 == 5 && i < 64000) c = 501 + int(i / 1600)
			# dates go forward, but one line in 50 goes back a year
			d = int(i / 200)
			if (i % 50 == 7) d -= 300
			if (d < 0) d += 400
			m = int(d / 28) % 12 + 1
			y = 2023 + int(d / 336)
			day = d % 28 + 1
			cost = (i % 9 == 0) ? \"\" : sprintf(\"%d.%02d\", i % 40, i % 100)
			amt = (i % 97 == 3) ? \"-1.00\" : sprintf(\"%d.%02d\", i % 300 + 1, i % 100)
			printf \"%d\t%04d-%02d-%02d\t%s\t%s\n\", c, y, m, day, amt, cost
		}
	}" >bulk &&
	test_line_count = 70001 bulk &&
	crm-sale --db big.db -q <bulk &&
	check big.db &&
	on big.db same crm-value --period month --as-of 2024-12-31 &&
	on big.db same crm-top --as-of 2024-06-30 --period year &&
	on big.db same crm-rfm --summary --as-of 2024-03-31
'

# 70,000 lines are more than one batch of crm-sale (65,536 lines).

# The fixture is too small to fit a model: the forecasts are compared on
# the big database, as of a month end, mid-month and its last day.
for d in 2024-12-31 2024-06-15 2025-01-28
do
	test_expect_success "the model-based reports as of $d, both ways" "
		on big.db same crm-value --predict 90 --as-of $d &&
		on big.db same crm-value --predict 365 --summary --as-of $d &&
		on big.db same crm-value --predict 30 --params --as-of $d &&
		on big.db same crm-lapsed --model bgnbd --below 0.5 --as-of $d &&
		on big.db same crm-lapsed --model bgnbd --params --as-of $d &&
		seq 1 3 500 >bigsel &&
		on big.db same_stdin bigsel crm-value --predict 90 --as-of $d - &&
		on big.db same_stdin bigsel crm-lapsed --model bgnbd --as-of $d -
	"
done

test_expect_success 'a second bulk import into the same customers' '
	awk -F "$TAB" "NR == 1 || NR % 3 == 0" bulk >bulk2 &&
	crm-sale --db big.db -q <bulk2 &&
	check big.db
'

# A flush reads ahead what a batch of 128 customers has stored (their
# rows, and those of the months and years their sales fall in, up to 16 of
# each); 600 customers are five batches, the last a part one.  Their
# second import adds to month rows that are there, makes new ones (a new
# month, and a new category after a move), and their third spreads over
# more months than a batch reads ahead, so those rows are asked for one
# at a time.
test_expect_success 'imports into customers with summaries, a batch of customers at a time' '
	crm-init --db ahead.db &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 600; i++) print \"A\" i }" |
		crm-add --db ahead.db -q &&
	awk "BEGIN { print \"customer\tdate\tamount\";
		for (i = 1; i <= 600; i++) printf \"%d\t2024-01-%02d\t%d.00\n\", i, i % 28 + 1, i % 50 + 1 }" >first &&
	crm-sale --db ahead.db -q <first &&
	check ahead.db &&
	seq 1 7 600 | CRM_TODAY=2024-01-31 crm-categorize --db ahead.db -q vip &&
	awk "BEGIN { print \"customer\tdate\tamount\";
		for (i = 1; i <= 600; i++) {
			printf \"%d\t2024-01-30\t%d.00\n\", i, i % 40 + 1
			if (i % 3 == 0) printf \"%d\t2024-02-%02d\t-2.00\n\", i, i % 28 + 1
			if (i % 5 == 0) printf \"%d\t2024-02-%02d\t3.00\n\", i, i % 28 + 1
		} }" >second &&
	crm-sale --db ahead.db -q <second &&
	check ahead.db &&
	awk "BEGIN { print \"customer\tdate\tamount\";
		for (i = 1; i <= 600; i++)
			printf \"%d\t%d-%02d-15\t%d.00\n\", i, 2023 + int(i % 24 / 12), i % 12 + 1, i % 30 + 1 }" >third &&
	crm-sale --db ahead.db -q <third &&
	check ahead.db &&
	on ahead.db same crm-value --period month --from 2023-01-01 --to 2024-12-31 --as-of 2024-12-31 &&
	on ahead.db same crm-value --by category --period year --as-of 2024-12-31
'

test_expect_success 'dated category moves, and their undo' '
	crm-categorize --db order.db -q --date 2025-02-01 vip 1 2 &&
	check order.db &&
	crm-categorize --db order.db -q --date 2025-03-15 problem 1 &&
	check order.db &&
	on order.db same crm-value --by category --period month --as-of 2025-05-31 &&
	crm-categorize --db order.db --history >hist &&
	b=$(awk -F "$TAB" "NR == 2 { print \$1 }" hist) &&
	test -n "$b" &&
	crm-categorize --db order.db -q --undo "$b" &&
	check order.db &&
	crm-categorize --db order.db -q --date 2024-12-15 problem 4 &&
	check order.db &&
	on order.db same crm-value --by category --as-of 2025-05-31 &&
	on order.db same crm-value --by category --period month --as-of 2025-05-31
'

test_expect_success 'a dated move of many customers in the big database' '
	seq 1 2 500 | crm-categorize --db big.db -q --date 2023-06-01 vip &&
	check big.db &&
	crm-categorize --db big.db --history >hist &&
	b=$(awk -F "$TAB" "NR == 2 { print \$1 }" hist) &&
	crm-categorize --db big.db -q --undo "$b" &&
	check big.db &&
	on big.db same crm-value --by category --period quarter --as-of 2024-12-31
'

test_expect_success 'a category deleted with --reassign' '
	crm-categorize --db order.db -q --define gold &&
	crm-categorize --db order.db -q --date 2025-01-10 gold 3 4 &&
	check order.db &&
	crm-categorize --db order.db -q --delete gold --reassign vip &&
	check order.db &&
	on order.db same crm-value --by category --period month --as-of 2025-05-31
'

test_expect_success 'a move today, after a sale today; crm-edit --category' '
	crm-sale --db order.db -q 1 6.00 &&
	crm-categorize --db order.db -q problem 1 &&
	check order.db &&
	crm-sale --db order.db -q --cost 1.00 1 7.00 &&
	crm-edit --db order.db -q --category regular 1 2 &&
	check order.db &&
	on order.db same crm-value --by category --period month &&
	on order.db same crm-value --by category --current
'

test_expect_success 'crm-edit --created, and a customer added with a category' '
	crm-edit --db order.db -q --created 2025-03-01 4 &&
	check order.db &&
	crm-add --db order.db -q --name E --category vip --created 2024-01-01 &&
	crm-sale --db order.db -q --date 2024-02-01 --cost 3.00 5 10.00 &&
	check order.db &&
	on order.db same crm-value --by category --period year
'

test_expect_success 'a sale on credit and its payment; --key card' '
	crm-edit --db order.db -q --card 7777 5 &&
	crm-sale --db order.db -q --unpaid --date 2025-05-20 --ref U1 --cost 4.00 5 40.00 &&
	check order.db &&
	crm-sale --db order.db -q --pay U1 --date 2025-05-25 &&
	check order.db &&
	crm-sale --db order.db -q --key card --date 2025-01-02 7777 2.50 &&
	check order.db &&
	on order.db same crm-value --unpaid &&
	on order.db same crm-top --as-of 2025-05-31
'

test_expect_success 'crm-sale --keep-going records the good lines only' '
	printf "customer\tdate\tamount\n1\t2024-10-02\t5.00\n99\t2025-06-01\t6.00\n2\t2024-10-03\tbad\n3\t2024-10-04\t8.00\n" >kg &&
	test_must_fail crm-sale --db order.db -q --keep-going <kg 2>err &&
	check order.db &&
	on order.db same crm-value --period month --as-of 2024-10-31
'

test_expect_success 'a return by reference, back-dated before later sales' '
	crm-sale --db order.db -q --date 2025-01-03 --ref Z1 --cost 5.00 3 50.00 &&
	crm-sale --db order.db -q --date 2025-01-04 --returns Z1 --reason broken 3 -20.00 &&
	check order.db &&
	on order.db same crm-top --by profit --as-of 2025-01-31
'

test_expect_success 'crm-categorize --rename and --load leave the check passing' '
	crm-categorize --db order.db -q --rename problem trouble &&
	check order.db &&
	on order.db same crm-value --by category
'

# ---------------------------------------------------------------------------
# The check finds drift

# drift SQL TABLE: after SQL on a copy of order.db, the check exits 65 and
# names TABLE.
drift () {
	cp order.db drift.db &&
	sqlite3 drift.db "$1" &&
	test_must_fail_with 65 crm-backup --check --db drift.db </dev/null >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-backup: $2 differs from the purchases: " err &&
	rm -f drift.db
}

test_expect_success SQLITE3 'a changed sum_customer row is found, with its customer' '
	drift "UPDATE sum_customer SET revenue = revenue + 1 WHERE customer_id = 2" sum_customer &&
	test_stderr_matches "sum_customer differs from the purchases: customer 2\$" err
'

# The summaries count days from 1970-01-01, as the purchases do.
test_expect_success SQLITE3 'a changed sum_month row is found, with its key' '
	m=$(sqlite3 order.db "SELECT date(MIN(month) * 86400, '\''unixepoch'\'') FROM sum_month WHERE customer_id = 3") &&
	c=$(sqlite3 order.db "SELECT category_id FROM sum_month WHERE customer_id = 3 ORDER BY month LIMIT 1") &&
	drift "UPDATE sum_month SET revenue = revenue + 1 WHERE customer_id = 3 AND month = (SELECT MIN(month) FROM sum_month WHERE customer_id = 3)" sum_month &&
	test_stderr_matches "sum_month differs from the purchases: month $m, customer 3, category $c\$" err &&
	test_stderr_matches "^crm-backup: 1 summary row differs from the purchases\$" err &&
	test_line_count = 2 err
'

test_expect_success SQLITE3 'a changed sum_day row is found, with its key' '
	d=$(sqlite3 order.db "SELECT date(MAX(day) * 86400, '\''unixepoch'\'') FROM sum_day") &&
	drift "UPDATE sum_day SET cost = cost + 1 WHERE day = (SELECT MAX(day) FROM sum_day)" sum_day &&
	test_stderr_matches "sum_day differs from the purchases: day $d\$" err &&
	test_line_count = 2 err
'

test_expect_success SQLITE3 'a changed sum_year row is found, with its key' '
	y=$(sqlite3 order.db "SELECT date(MIN(year) * 86400, '\''unixepoch'\'') FROM sum_year WHERE customer_id = 2") &&
	c=$(sqlite3 order.db "SELECT category_id FROM sum_year WHERE customer_id = 2 ORDER BY year LIMIT 1") &&
	drift "UPDATE sum_year SET costed = costed + 1 WHERE customer_id = 2 AND year = (SELECT MIN(year) FROM sum_year WHERE customer_id = 2)" sum_year &&
	test_stderr_matches "sum_year differs from the purchases: year $y, customer 2, category $c\$" err &&
	test_line_count = 2 err
'

test_expect_success SQLITE3 'a changed sum_group row is found, month or year, with its key' '
	m=$(sqlite3 order.db "SELECT date(MAX(start) * 86400, '\''unixepoch'\'') FROM sum_group WHERE kind = 1") &&
	drift "UPDATE sum_group SET buyers = buyers + 1 WHERE kind = 1 AND start = (SELECT MAX(start) FROM sum_group WHERE kind = 1) AND category_id = (SELECT MIN(category_id) FROM sum_group WHERE kind = 1 AND start = (SELECT MAX(start) FROM sum_group WHERE kind = 1))" sum_group &&
	test_stderr_matches "sum_group differs from the purchases: month $m, category [0-9]+\$" err &&
	test_line_count = 2 err &&
	y=$(sqlite3 order.db "SELECT date(MIN(start) * 86400, '\''unixepoch'\'') FROM sum_group WHERE kind = 2") &&
	drift "DELETE FROM sum_group WHERE kind = 2 AND start = (SELECT MIN(start) FROM sum_group WHERE kind = 2)" sum_group &&
	test_stderr_matches "sum_group differs from the purchases: year $y, category [0-9]+\$" err
'

test_expect_success SQLITE3 'a deleted row and an extra row are found, and counted' '
	drift "DELETE FROM sum_month WHERE month = (SELECT MAX(month) FROM sum_month)" sum_month &&
	drift "CREATE TEMP TABLE t AS SELECT * FROM sum_customer WHERE customer_id = 1; UPDATE t SET customer_id = 4000; INSERT INTO sum_customer SELECT * FROM t" sum_customer &&
	test_stderr_matches "customer 4000" err &&
	drift "DELETE FROM sum_day; DELETE FROM sum_customer WHERE customer_id = 1" sum_day &&
	test_stderr_matches "sum_customer differs from the purchases: customer 1\$" err &&
	n=$(grep -c "differs from the purchases: " err) &&
	test "$n" -gt 2 &&
	test_stderr_matches "^crm-backup: $n summary rows differ from the purchases\$" err
'

test_expect_success SQLITE3 'a wrong last_sale_day is found' '
	cp order.db drift.db &&
	sqlite3 drift.db "UPDATE setting SET value = value - 1 WHERE key = '\''last_sale_day'\''" &&
	test_must_fail_with 65 crm-backup --check -q --db drift.db </dev/null 2>err &&
	test -s err &&
	rm -f drift.db
'

test_expect_success SQLITE3 'the check writes nothing: the bytes are the same' '
	cp order.db drift.db &&
	sqlite3 drift.db "PRAGMA journal_mode" >/dev/null &&
	sqlite3 drift.db "UPDATE sum_customer SET revenue = revenue + 1 WHERE customer_id = 2; PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	cp drift.db drift.copy &&
	test_must_fail_with 65 crm-backup --check -q --db drift.db </dev/null 2>err &&
	cmp drift.copy drift.db &&
	check order.db &&
	cp order.db copy.db &&
	crm-backup --check -q --db order.db </dev/null &&
	cmp copy.db order.db &&
	rm -f drift.db drift.copy copy.db
'

test_expect_success '-q prints nothing when the summaries agree' '
	crm-backup --check -q --db order.db </dev/null >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

# ---------------------------------------------------------------------------
# The upgrade from schema 5

test_expect_success SQLITE3 'a schema 5 database is refused by the readers (65)' '
	crm-init --db v5.db &&
	printf "name\nA\nB\n" | crm-add --db v5.db -q &&
	tsv v5sales <<-\EOF &&
	customer|date|amount|cost
	1|2025-01-05|10.00|4.00
	2|2025-02-06|20.00|
	1|2025-03-10|30.00|12.00
	2|2024-12-31|5.00|1.00
	EOF
	crm-sale --db v5.db -q <v5sales &&
	sqlite3 v5.db "$(sql_before_v6) PRAGMA user_version = 5" &&
	test_must_fail_with 65 crm-top --db v5.db </dev/null >out 2>err &&
	test_must_fail_with 65 crm-value --db v5.db </dev/null >out 2>err &&
	test_must_fail_with 65 crm-report -q --db v5.db </dev/null >out 2>err
'

test_expect_success SQLITE3 'crm-init upgrades it; the check passes and the reports agree' '
	crm-init --db v5.db &&
	sqlite3 v5.db "PRAGMA user_version" >v &&
	test "$(cat v)" -ge 6 &&
	check v5.db &&
	on v5.db same crm-value --period month --as-of 2025-03-31 &&
	on v5.db same crm-top --as-of 2025-06-30 &&
	on v5.db same crm-rfm --summary &&
	crm-sale --db v5.db -q --date 2025-01-01 2 3.00 &&
	check v5.db
'

test_done
