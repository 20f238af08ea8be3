#!/bin/sh
# shellcheck disable=SC2016,SC2034,SC2317
test_description='crm-report agrees with the commands it summarises: every figure of --format json equals what crm-value, crm-top, crm-lapsed, crm-lost, crm-referrals, crm-note, crm-bonus and crm-rfm print for the same question and date'
. "$(dirname "$0")/lib.sh"

# The report of the morning of 2025-06-15, new since 2025-06-01.  The
# figures are not written here by hand (t6000 does that): each section is
# asked again of the command that answers the same question, and the two
# answers must be the same.  So a rule that drifts between the report and a
# command fails here whichever side moved.
#
# The fixture has what makes the rules differ: returns (C4 returns C3, L2
# returns L1, with cost coming back), sales without a cost (E3), category
# moves dated in the past (Hal to vip on 2025-01-01, Eli to vip on
# 2025-04-01 after a sale as regular), moves after the report's day (Bo to
# problem dated 2025-06-20, Ida to employee today), lost customers (Liv
# before and Dag after the since date), lapsed customers (Mo before and Hal
# after the since date), referrals (Anna thanked before she brought Hal,
# Bo and Gus never thanked), complaints open and resolved (one resolved
# after the report's day), surveys (one last year, one after the day),
# praise, a sale on credit and its payment, and a bonus redemption.

D=2025-06-15
S=2025-06-01

# shellcheck source=SCRIPTDIR/report-fixture.sh
. "$TEST_DIRECTORY/report-fixture.sh"

# t6000's data, and what makes the rules differ beyond it
test_expect_success 'set up the fixture' '
	setup_data &&
	crm-add -q --id 13 --name Mo --source friend --referred-by 7 \
		--created 2025-02-01 &&
	crm-categorize -q --date 2025-04-01 vip 5 &&
	crm-categorize -q employee 9 &&
	tsv more-sales <<-\EOF &&
	customer|date|amount|cost|ref|returns
	1|2025-06-16|99.00|50.00|A6|
	5|2025-05-10|30.00||E3|
	13|2025-02-15|25.00|12.00|M1|
	EOF
	crm-sale -q <more-sales &&
	crm-sale -q --unpaid --date 2025-06-13 --cost 30.00 --ref P1 2 45.00 &&
	crm-sale -q --pay P1 --date 2025-06-14 &&
	crm-categorize -q --date 2025-06-20 problem 2
'

# ---------------------------------------------------------------------------
# Helpers

# cols FILE NAME...: the named columns of the TSV FILE (with its header), in
# that order, without the header; a column that is not there is an error.
cols () {
	cols_file_=$1
	shift
	awk -F "$TAB" -v OFS="$TAB" -v names="$*" '
		NR == 1 {
			n = split(names, want, " ")
			for (i = 1; i <= NF; i++) at[$i] = i
			for (j = 1; j <= n; j++)
				if (!(want[j] in at)) {
					print "cols: no column " want[j] >"/dev/stderr"
					bad = 1
					exit 1
				}
			next
		}
		{
			line = $(at[want[1]])
			for (j = 2; j <= n; j++) line = line OFS $(at[want[j]])
			print line
		}
		END { if (bad) exit 1 }' "$cols_file_"
}

# norm: a number, from TSV (12.50, 59.2, 3) or JSON (12.5, 59.2, 3), is
# written with two decimals, so that the two sides compare as text.
norm () {
	awk -F "$TAB" -v OFS="$TAB" '{
		for (i = 1; i <= NF; i++)
			if ($i ~ /^-?[0-9]+(\.[0-9]+)?$/) $i = sprintf("%.2f", $i)
		print
	}'
}

# agree NAME: NAME.cmd (what the commands print) and NAME.rep (what the
# report says) hold the same figures.  Neither may be empty, and the
# commands must have printed some figure other than zero: a comparison of
# nothing with nothing proves nothing.
agree () {
	norm <"$1.cmd" >"$1.cmd.n" &&
	norm <"$1.rep" >"$1.rep.n" &&
	test_cmp_nonempty "$1.cmd.n" "$1.rep.n" &&
	if ! awk -F "$TAB" '{
		for (i = 1; i <= NF; i++)
			if ($i ~ /^-?[0-9]+(\.[0-9]+)?$/ && $i + 0 != 0) found = 1
	} END { exit !found }' "$1.cmd.n"
	then
		echo "agree: $1: no figure other than 0 was compared:"
		cat "$1.cmd.n"
		return 1
	fi
}

# rep FILTER: jq FILTER applied to the report, raw output.
rep () {
	jq -r "$1" report.json
}

# daynum DATE: the day number of DATE (days since 1970-01-01), for the
# dates of lapse; awk, as date -d is not POSIX.
daynum_awk='
function daynum(s,   y, m, d, era, yoe, doy, doe) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m <= 2) y--
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9)
	if (m <= 2) y++
	return sprintf("%04d-%02d-%02d", y, m, d)
}'

test_expect_success 'a comparison of nothing, or of zeros only, fails' '
	: >nothing.cmd &&
	: >nothing.rep &&
	! agree nothing &&
	printf "0\t0.00\n" >zeros.cmd &&
	printf "0\t0\n" >zeros.rep &&
	! agree zeros &&
	printf "a\t1.50\n" >differ.cmd &&
	printf "a\t1.5\n" >same.rep &&
	cp differ.cmd same.cmd &&
	agree same &&
	printf "a\t1.51\n" >differ.rep &&
	! agree differ
'

test_expect_success JQ 'the report as JSON, with every section' '
	crm-report --format json --as-of $D --since $S >report.json &&
	rep ".as_of, .since, (.sections | keys_unsorted | join(\",\"))" >actual &&
	cat >expect <<-EOF &&
	$D
	$S
	sales,customers,categories,top,lapsed,lost,referrals,complaints,bonus,segments
	EOF
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# sales: crm-value over the windows the man page defines (yesterday, the
# month to date, the year to date, and the same days a year before)

# value_window FROM TO: purchases and net of every customer from FROM to TO.
value_window () {
	crm-value --as-of "$D" --from "$1" --to "$2" --period all >vw.tsv &&
	cols vw.tsv purchases net >vw.cols &&
	awk -F "$TAB" -v OFS="$TAB" \
		"{ p += \$1; n += \$2 } END { printf \"%d\t%.2f\n\", p, n }" vw.cols
}

test_expect_success JQ 'sales: yesterday, month and year to date = crm-value' '
	for w in "yesterday 2025-06-14 2025-06-14 2024-06-14 2024-06-14" \
		"month 2025-06-01 $D 2024-06-01 2024-06-15" \
		"year_to_date 2025-01-01 $D 2024-01-01 2024-06-15"
	do
		set -- $w &&
		now=$(value_window $2 $3) &&
		then=$(value_window $4 $5) &&
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" \
			${D%%-*} $1 $2 $3 "$now" $4 $5 "$then" &&
		rep ".sections.sales | [.year, \"$1\"] + (.$1 | [.from, .to, .purchases, .net,
			.last_year.from, .last_year.to, .last_year.purchases,
			.last_year.net]) | @tsv" >>sales.rep || return 1
	done >sales.cmd &&
	agree sales
'

test_expect_success JQ 'sales: the change against last year is computed from those figures' '
	for w in yesterday month year_to_date
	do
		rep ".sections.sales.$w | [.net, .last_year.net] | @tsv" |
		awk -F "$TAB" "{ if (\$2 == 0) print \"\"; else printf \"%.1f\n\", (\$1 - \$2) * 100 / \$2 }" &&
		rep ".sections.sales.$w.change // \"\"" >>change.rep || return 1
	done >change.cmd &&
	agree change
'

test_expect_success JQ 'sales: the twelve months, this year and last = crm-value --period month' '
	crm-value --as-of $D --from 2024-01-01 --to $D --period month >vm.tsv &&
	cols vm.tsv period purchases net >vm.cols &&
	awk -F "$TAB" -v OFS="$TAB" "
		{ p[\$1] += \$2; n[\$1] += \$3 }
		END {
			for (m = 1; m <= 12; m++) {
				t = sprintf(\"2025-%02d\", m); l = sprintf(\"2024-%02d\", m)
				if (m <= 6) { tp = p[t] + 0; tn = sprintf(\"%.2f\", n[t]) }
				else { tp = \"\"; tn = \"\" }
				print t, tp, tn, p[l] + 0, sprintf(\"%.2f\", n[l])
			}
		}" vm.cols >months.cmd &&
	rep ".sections.sales.months[] | [.month, .purchases, .net,
		.purchases_last_year, .net_last_year] | @tsv" >months.rep &&
	agree months
'

# ---------------------------------------------------------------------------
# customers: crm-ls, created after the since date

test_expect_success JQ 'customers: the new customers = crm-ls --created-from' '
	crm-ls --as-of $D --created-from 2025-06-02 --created-to $D \
		--columns id,name,source,created >new.tsv &&
	cols new.tsv id name source created >new.cols &&
	{
		wc -l <new.cols | awk "{ print \$1 + 0 }" &&
		cut -f 3 new.cols | sort | uniq -c |
			awk -v OFS="$TAB" "{ print \$2, \$1 }" &&
		cat new.cols
	} >customers.cmd &&
	{
		rep ".sections.customers.new" &&
		rep ".sections.customers.by_source[] | [.source, .customers] | @tsv" |
			sort &&
		rep ".sections.customers.list[] | [.id, .name, .source, .created] | @tsv"
	} >customers.rep &&
	agree customers
'

# ---------------------------------------------------------------------------
# categories: crm-value --by category --period year (and --current)

test_expect_success JQ 'categories: every category = crm-value --by category, profit_now = --current' '
	crm-value --by category --period year --as-of $D >bycat.tsv &&
	crm-value --by category --current --period year --as-of $D >bycatnow.tsv &&
	cols bycat.tsv period category customers buyers revenue profit share uncosted |
		awk -F "$TAB" "\$1 == 2025" | cut -f 2- | sort >bycat.cols &&
	cols bycatnow.tsv period category profit |
		awk -F "$TAB" "\$1 == 2025" | cut -f 2- | sort >bycatnow.cols &&
	join -t "$TAB" bycat.cols bycatnow.cols >categories.cmd &&
	rep ".sections.categories.list[] | [.category, .customers, .buyers,
		.revenue, .profit, .share, .uncosted, .profit_now] | @tsv" |
		sort >categories.rep &&
	agree categories &&
	# the fixture must make the two attributions differ, or profit_now
	# would not be tested
	! cmp bycat.cols bycatnow.cols >/dev/null
'

test_expect_success JQ 'categories: totals and the most profitable = crm-value --by category' '
	awk -F "$TAB" -v OFS="$TAB" "
		{ p += \$5; u += \$7; if (best == \"\" || \$5 > bp) { best = \$1; bp = \$5 } }
		END { print 2025, p, u, \"profit\", best }" bycat.cols >cattotal.cmd &&
	rep ".sections.categories | [.year, .profit, .uncosted, .ranked_by,
		.most_profitable] | @tsv" >cattotal.rep &&
	agree cattotal
'

# ---------------------------------------------------------------------------
# top: crm-top --summary and the ranking behind it

test_expect_success JQ 'top: the share of the top = crm-top --summary, value and net = crm-top' '
	crm-top --summary --period year --as-of $D >summary &&
	sed -n "s/^top \([0-9.]*\)% (\([0-9]*\) customers*) hold \([0-9.]*\)% of net revenue\$/\1\t\2\t\3/p" \
		summary >top.sum &&
	test_line_count = 1 top.sum &&
	crm-top --period year --as-of $D >top20.tsv &&
	crm-top --percent 100 --period year --as-of $D >top100.tsv &&
	value=$(cols top20.tsv value | awk "{ s += \$1 } END { printf \"%.2f\", s }") &&
	ranked=$(cols top100.tsv id | wc -l) &&
	net=$(cols top100.tsv value | awk "{ s += \$1 } END { printf \"%.2f\", s }") &&
	printf "%s\t%s\t%s\t%s\n" "$(cat top.sum)" $((ranked + 0)) "$value" "$net" >top.cmd &&
	rep ".sections.top | [.percent, .customers, .share, .ranked, .value,
		.net] | @tsv" >top.rep &&
	agree top
'

test_expect_success JQ 'top: the curve, 0 to 100 %, = crm-top --summary --percent P' '
	printf "0\t0\n" >curve.cmd &&
	p=5 &&
	while test $p -le 100
	do
		crm-top --summary --percent $p --period year --as-of $D |
		sed -n "s/^top \([0-9.]*\)% .* hold \([0-9.]*\)% of net revenue\$/\1\t\2/p" \
			>>curve.cmd &&
		p=$((p + 5)) || return 1
	done &&
	test_line_count = 21 curve.cmd &&
	rep ".sections.top.curve[] | [.percent, .share] | @tsv" >curve.rep &&
	agree curve
'

# ---------------------------------------------------------------------------
# lapsed: crm-lapsed --days 90, those who reached 90 days after the since date

test_expect_success JQ 'lapsed: the newly lapsed = crm-lapsed whose silence reached 90 days after the since date' '
	test "$(rep .sections.lapsed.days)" = 90 &&
	crm-lapsed --days 90 --as-of $D >lapsed.tsv &&
	cols lapsed.tsv id name category net last_purchase >lapsed.cols &&
	awk -F "$TAB" -v since=$S "$daynum_awk""
		daynum(\$5) + 90 > daynum(since)" lapsed.cols | sort -n >newlapsed.cols &&
	{ wc -l <newlapsed.cols | awk "{ print \$1 + 0 }" && cat newlapsed.cols; } >newlapsed.cmd &&
	{
		rep ".sections.lapsed.count" &&
		rep ".sections.lapsed.list[] | [.id, .name, .category, .net,
			.last_purchase] | @tsv" | sort -n
	} >newlapsed.rep &&
	agree newlapsed &&
	# and crm-lapsed lists someone who lapsed before the since date, so
	# the "newly" rule is tested too
	test $(wc -l <lapsed.cols) -gt $(head -n 1 newlapsed.cmd)
'

test_expect_success JQ 'lapsed: per month of this year = crm-lapsed by the month of the 90th day' '
	awk -F "$TAB" "$daynum_awk""
		{ m = civil(daynum(\$5) + 90); if (substr(m, 1, 4) == \"2025\") c[substr(m, 6, 2) + 0]++ }
		END { for (i = 1; i <= 12; i++) print (i <= 6 ? c[i] + 0 : \"\") }" \
		lapsed.cols >lapsedmonths.cmd &&
	rep ".sections.lapsed.per_month[] | (. // \"\")" >lapsedmonths.rep &&
	agree lapsedmonths
'

# ---------------------------------------------------------------------------
# lost: crm-lost --list, lost after the since date

test_expect_success JQ 'lost: count, reasons and list = crm-lost --list after the since date' '
	crm-lost --list --as-of $D >lost.tsv &&
	cols lost.tsv id name lost_date reason value_lost |
		awk -F "$TAB" -v since=$S "\$3 > since" | sort -n >lost.cols &&
	{
		wc -l <lost.cols | awk "{ print \$1 + 0 }" &&
		awk -F "$TAB" -v OFS="$TAB" "{ c[\$4]++; v[\$4] += \$5 }
			END { for (r in c) print r, c[r], v[r] }" lost.cols | sort &&
		cat lost.cols
	} >lost.cmd &&
	{
		rep ".sections.lost.count" &&
		rep ".sections.lost.reasons[] | [.reason, .customers, .net] | @tsv" |
			sort &&
		rep ".sections.lost.list[] | [.id, .name, .date, .reason, .net] | @tsv" |
			sort -n
	} >lost.rep &&
	agree lost
'

test_expect_success JQ 'lost: per month of this year = crm-lost --list by month' '
	cols lost.tsv lost_date |
	awk "substr(\$1, 1, 4) == \"2025\" { c[substr(\$1, 6, 2) + 0]++ }
		END { for (i = 1; i <= 12; i++) print (i <= 6 ? c[i] + 0 : \"\") }" \
		>lostmonths.cmd &&
	rep ".sections.lost.per_month[] | (. // \"\")" >lostmonths.rep &&
	agree lostmonths
'

# ---------------------------------------------------------------------------
# referrals: crm-referrals --unthanked

test_expect_success JQ 'referrals: the unthanked referrers = crm-referrals --unthanked' '
	crm-referrals --unthanked --as-of $D >unthanked.tsv &&
	cols unthanked.tsv id name unthanked >unthanked.cols &&
	{ wc -l <unthanked.cols | awk "{ print \$1 + 0 }" && cat unthanked.cols; } >referrals.cmd &&
	{
		rep ".sections.referrals.unthanked_referrers" &&
		rep ".sections.referrals.list[] | [.id, .name, .unthanked] | @tsv"
	} >referrals.rep &&
	agree referrals
'

# ---------------------------------------------------------------------------
# complaints: crm-note --open, and the surveys of the year by crm-note

test_expect_success JQ 'complaints: the open complaints = crm-note --open' '
	crm-note --open --as-of $D >open.tsv &&
	cols open.tsv note id name date age_days text >open.cols &&
	{ wc -l <open.cols | awk "{ print \$1 + 0 }" && cat open.cols; } >complaints.cmd &&
	{
		rep ".sections.complaints.open" &&
		rep ".sections.complaints.list[] | [.note, .id, .name, .date,
			.age_days, .text] | @tsv"
	} >complaints.rep &&
	agree complaints
'

test_expect_success JQ 'complaints: the surveys of the year = crm-note --summary and --list' '
	crm-note --summary --period year --as-of $D >nsum.tsv &&
	count=$(cols nsum.tsv period surveys |
		awk -F "$TAB" "\$1 == 2025 { s += \$2 } END { print s + 0 }") &&
	crm-note --list --as-of $D >notes.tsv &&
	cols notes.tsv kind date score |
		awk -F "$TAB" "\$1 == \"survey\" && \$2 >= \"2025-01-01\" { print \$3 }" \
		>scores &&
	test $(wc -l <scores) = "$count" &&
	awk -v OFS="$TAB" "{ c[\$1]++; s += \$1; n++ }
		END { printf \"%d\t%.1f\t%d\t%d\t%d\t%d\t%d\n\", n, s / n,
			c[1], c[2], c[3], c[4], c[5] }" scores >surveys.cmd &&
	rep ".sections.complaints.surveys | [.count, .mean, .scores[]] | @tsv" \
		>surveys.rep &&
	agree surveys
'

# ---------------------------------------------------------------------------
# bonus: crm-bonus --list balances move by exactly what the report says

test_expect_success JQ 'bonus: issued - redeemed - reversed = change of the crm-bonus --list balances' '
	crm-bonus --list --as-of $S >bal.before &&
	crm-bonus --list --as-of $D >bal.after &&
	before=$(cols bal.before balance | awk "{ s += \$1 } END { printf \"%.2f\", s }") &&
	after=$(cols bal.after balance | awk "{ s += \$1 } END { printf \"%.2f\", s }") &&
	awk -v a="$after" -v b="$before" "BEGIN { printf \"%.2f\n\", a - b }" >bonus.cmd &&
	rep ".sections.bonus | .issued - .redeemed - .reversed" >bonus.rep &&
	agree bonus &&
	rep ".sections.bonus | [.issued, .redeemed, .reversed] | @tsv" >parts &&
	awk -F "$TAB" "\$1 > 0 && \$2 > 0 && \$3 > 0" parts >nonzero &&
	test -s nonzero
'

# ---------------------------------------------------------------------------
# segments: crm-rfm --summary

test_expect_success JQ 'segments: customers, share and net = crm-rfm --summary' '
	crm-rfm --summary --as-of $D >rfm.tsv &&
	cols rfm.tsv segment customers net >rfm.cols &&
	awk -F "$TAB" -v OFS="$TAB" "
		{ seg[NR] = \$1; c[NR] = \$2; v[NR] = \$3; t += \$2 }
		END {
			print t
			for (i = 1; i <= NR; i++)
				print seg[i], c[i], sprintf(\"%.1f\", c[i] * 100 / t), v[i]
		}" rfm.cols >segments.cmd &&
	{
		rep ".sections.segments.customers" &&
		rep ".sections.segments.list[] | [.segment, .customers, .share,
			.net] | @tsv"
	} >segments.rep &&
	agree segments
'

test_done
