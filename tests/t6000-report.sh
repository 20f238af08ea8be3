#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-report: the nightly report as text and JSON: hand-computed figures, --as-of, --since, --sections, empty data, failures'
. "$(dirname "$0")/lib.sh"

# The data set: twelve customers over 2024 and 2025; the report is the one
# of the morning of 2025-06-15 (yesterday 2025-06-14), new since 2025-06-01.
# Categories: vip earns 5 % bonus, the others nothing.  Cards: Anna 1001,
# Cai 1003, Liv 1012 (all vip).
#
#  id name cat      source ref created     purchases (amount/cost ref)
#   1 Anna vip      fair   -   2024-01-10  A1 2024-01-15 100/60, A2 2024-06-14
#        50/30, A3 2024-10-01 200/120, A4 2025-02-10 80/50, A5 2025-06-14 120/70
#   2 Bo   regular  web    -   2024-02-01  B1 2024-02-10 40/25, B2 2024-06-05
#        35/20, B3 2025-01-20 25/15
#   3 Cai  vip      friend 1   2024-03-05  C1 2024-03-20 150/100, C2 2025-04-15
#        60/35, C3 2025-06-05 80/50, C4 2025-06-07 -20 (12.50 back) returns C3
#   4 Dag  regular  web    -   2024-04-20  D1 2024-05-01 60/40, D2 2024-08-15
#        80/50, D3 2025-03-01 40/25; lost 2025-06-05, reason price
#   5 Eli  regular  fair   -   2024-05-15  E1 2024-06-20 45/30, E2 2025-03-10 55/35
#   6 Fia  employee -      -   2024-06-01  F1 2024-07-01 20/15, F2 2025-06-14 15/10
#   7 Gus  regular  radio  -   2024-09-01  G1 2024-09-10 90/60, G2 2025-05-01 65/45
#   8 Hal  regular, vip from 2025-01-01, friend, referred by 1, 2024-11-11:
#        H1 2024-12-01 35/20 (regular), H2 2025-03-15 30/18 (vip)
#   9 Ida  regular  web    -   2025-06-03  I1 2025-06-04 40/22
#  10 Jon  regular  friend 2   2025-06-10  none
#  11 Kim  problem  web    -   2025-06-12  none
#  12 Liv  vip      fair   -   2024-01-20  L1 2024-02-20 70/40, L2 2024-11-05
#        -10 (5 back) returns L1; lost 2025-02-01, reason "moved away"
#
# Thanks: Anna on 2024-03-10.  Bonus: Anna redeems 5.00 on 2025-06-12.
# Notes, in this order (note ids 1..): 1 complaint Bo 2025-03-01 resolved
# 2025-03-05; 2 complaint Gus 2025-05-02 "the tent leaked"; 3 complaint Dag
# 2025-06-02 "prices went up"; 4 complaint Anna 2025-06-10 "wrong size
# sent", resolved 2025-06-20 (after the morning: still open then);
# 5 complaint Eli 2025-06-20 (after the morning); surveys Bo 1 on
# 2024-12-01 (last year), Anna 5 02-01, Cai 4 03-01, Gus 2 05-03, Fia 4
# 06-05, Hal 3 06-10, Cai 1 2025-06-20 (after); praise Ida 06-11.

# shellcheck source=SCRIPTDIR/report-fixture.sh
. "$TEST_DIRECTORY/report-fixture.sh"

# report_expect AS_OF SINCE SECTION...: the expected report, assembled from
# the hand-written section files SECTION.exp below.
report_expect () {
	printf 'crm report for %s (new since %s)\n' "$1" "$2"
	shift 2
	for s_ in "$@"; do
		echo && cat "$s_.exp" || return 1
	done
	echo
	echo "A customer's whole profile: crm-show ID"
}

# ---------------------------------------------------------------------------
# The sections of the morning of 2025-06-15, new since 2025-06-01, by hand.

# SALES.  Yesterday 2025-06-14: A5 120 + F2 15 = 2 purchases, 135.00; a year
# before, 2024-06-14: A2 50.00.  Change (135 - 50) / 50 = +170.0%.
# Nothing is dated 2025-06-15, the --as-of day itself.
# Month to date 2025-06-01..15: I1 40, C3 80, C4 -20 (a return, not a
# purchase), A5 120, F2 15: 4 purchases, 235.00; 2024-06-01..15: B2 35, A2 50:
# 2, 85.00; change 150 / 85 = 1.7647 -> +176.5%.
# Year to date 2025-01-01..06-15: B3 25, A4 80, D3 40, E2 55, H2 30, C2 60,
# G2 65 and the five of June: 11 purchases, 590.00; 2024-01-01..06-14: A1
# 100, B1 40, L1 70, C1 150, D1 60, B2 35, A2 50: 7, 505.00; change 85 / 505
# = 0.16832 -> +16.8%.
cat >sales.exp <<\EOF
SALES
                                    this year              last year
                        purchases         net  purchases         net    change
  yesterday 2025-06-14          2      135.00          1       50.00   +170.0%
  month to date 2025-06         4      235.00          2       85.00   +176.5%
  year to date 2025            11      590.00          7      505.00    +16.8%
EOF

# NEW CUSTOMERS created after 2025-06-01: Ida (web), Jon (friend), Kim (web).
cat >customers.exp <<\EOF
NEW CUSTOMERS
  3 new customers since 2025-06-01
  by source: web 2, friend 1
       id  name                          source            created
        9  Ida                           web               2025-06-03
       10  Jon                           friend            2025-06-10
       11  Kim                           web               2025-06-12
EOF

# CATEGORIES this year (to yesterday), each sale in the category of its date:
#  vip: A4 30, A5 50, C2 25, C3 30, C4 -20 - (-12.50) = -7.50, H2 12 (Hal
#    is vip since 2025-01-01) = 139.50
#  regular: B3 10, D3 15, E2 20, G2 20, I1 18 = 83.00
#  employee: F2 5.00; problem: nothing
#  total 227.50: vip 61.32 -> 61.3%, regular 36.48 -> 36.5%, employee
#  2.198 -> 2.2%, problem 0.0%
cat >categories.exp <<\EOF
CATEGORIES
  most profitable this year: vip, profit 139.50, 61.3% of all profit
  others: regular 83.00 (36.5%), employee 5.00 (2.2%), problem 0.00 (0.0%)
  total profit this year 227.50: crm-value --by category --period year
EOF

# TOP: net this year per customer: Anna 200, Cai 120, Gus 65, Eli 55, Dag 40,
# Ida 40, Hal 30, Bo 25, Fia 15: 9 customers, 590.00.  Top 20%: ceil(9 x 20
# / 100) = 2 customers, Anna + Cai = 320.00, 320 / 590 = 54.24 -> 54.2%.
cat >top.exp <<\EOF
TOP CUSTOMERS
  top 20% (2 customers) hold 54.2% of net revenue this year
  320.00 of 590.00 net, among 9 customers with net revenue this year
  list them: crm-top --percent 20 --period year
EOF

# LAPSED: silent for 90 days, reached after 2025-06-01: Eli (last purchase
# 2025-03-10, + 90 days = 2025-06-08) and Hal (2025-03-15 -> 06-13).  Bo
# (2025-01-20 -> 04-20) lapsed before 06-01; Dag and Liv are lost; Jon and
# Kim never bought.  Net of all time: Eli 45 + 55 = 100, Hal 35 + 30 = 65.
cat >lapsed.exp <<\EOF
LAPSED
  2 customers newly lapsed: no purchase for 90 days
  the most valuable first (net of all time):
       id  name                      category            net  last purchase
        5  Eli                       regular          100.00  2025-03-10
        8  Hal                       vip               65.00  2025-03-15
EOF

# LOST after 2025-06-01: Dag on 06-05 (Liv was lost on 02-01, before).
cat >lost.exp <<\EOF
LOST
  1 customer lost since 2025-06-01
  reasons: price 1
       id  name                      lost        reason
        4  Dag                       2025-06-05  price
EOF

# REFERRALS: Anna brought Cai (2024-03-05, covered by her thanks of
# 2024-03-10) and Hal (2024-11-11, not covered): 1; Bo brought Jon
# (2025-06-10), never thanked: 1.
cat >referrals.exp <<\EOF
REFERRALS
  2 referrers brought customers and have not been thanked:
       id  name                          unthanked referrals
        1  Anna                                            1
        2  Bo                                              1
  thank them: crm-referrals --unthanked | crm-thank --how gift
EOF

# COMPLAINTS open on 2025-06-15, oldest first: note 2 Gus 05-02 (29 + 15 =
# 44 days), note 3 Dag 06-02 (13 days), note 4 Anna 06-10 (5 days; resolved
# only on 06-20).  Surveys in 2025 up to the morning: 5, 4, 2, 4, 3 = 18 / 5
# = 3.6.
cat >complaints.exp <<\EOF
COMPLAINTS
  3 open complaints, oldest first:
    note       id  name                        opened            age
       2        7  Gus                         2025-05-02    44 days
          the tent leaked
       3        4  Dag                         2025-06-02    13 days
          prices went up
       4        1  Anna                        2025-06-10     5 days
          wrong size sent
  resolve one: crm-note --resolve NOTE
  surveys this year: 5, mean score 3.6 of 5
EOF

# BONUS 2025-06-02..15: accrued A5 120 x 5% = 6.00 and C3 80 x 5% = 4.00;
# redeemed 5.00; C4 takes back 20 / 80 of C3's 4.00 = 1.00.
cat >bonus.exp <<\EOF
BONUS
  since 2025-06-01: issued 10.00, redeemed 5.00, reversed 1.00
EOF

# SEGMENTS, RFM over all time up to 2025-06-15; 10 customers bought.
#          recency  freq  monetary   r f m  segment
#  Anna       1      5     550       5 5 5  champions
#  Bo       146      3     100       1 4 3  at-risk
#  Cai       10      3     270       4 4 5  champions
#  Dag      106      3     180       2 4 4  at-risk
#  Eli       97      2     100       2 2 3  hibernating
#  Fia        1      2      35       5 2 1  promising
#  Gus       45      2     155       3 2 4  needs-attention
#  Hal       92      2      65       3 2 2  needs-attention
#  Ida       11      1      40       4 1 1  promising
#  Liv      481      1      60       1 1 2  lost
# (score = 1 + floor(5 p / 10), p the position of the first equal measure,
# worst first.)
cat >segments.exp <<\EOF
SEGMENTS
  RFM segment               customers   share             net
  champions                         2   20.0%          820.00
  loyal                             0    0.0%            0.00
  promising                         2   20.0%           75.00
  needs-attention                   2   20.0%          220.00
  at-risk                           2   20.0%          280.00
  hibernating                       1   10.0%          100.00
  lost                              1   10.0%           60.00
  list a segment: crm-rfm --segment NAME
EOF

ALL='sales customers categories top lapsed lost referrals complaints bonus segments'
# shellcheck disable=SC2086
report_expect 2025-06-15 2025-06-01 $ALL >expect-full

test_expect_success 'setup: a dozen customers over two years' '
	setup_data &&
	crm-backup -q "$TRASH/pristine.db"
'

# A copy of the database as it was after the setup: fresh_db NAME
fresh_db () {
	rm -f "$1" "$1-wal" "$1-shm" &&
	crm-backup --db "$TRASH/pristine.db" -q "$1"
}

# ---------------------------------------------------------------------------
# The whole report

test_expect_success 'the whole text report of 2025-06-15, new since 2025-06-01' '
	crm-report --as-of 2025-06-15 --since 2025-06-01 >actual 2>err &&
	test_cmp expect-full actual &&
	test_must_be_empty err
'

test_expect_success 'every line of the report fits in 80 columns' '
	awk "length(\$0) > 80 { print \"line \" NR \" is too long: \" \$0; bad = 1 } END { exit bad }" actual
'

test_expect_success 'the report never reads standard input' '
	echo "garbage that is not an option" >stdin &&
	crm-report --as-of 2025-06-15 --since 2025-06-01 <stdin >actual 2>err &&
	test_cmp expect-full actual &&
	test_must_be_empty err
'

test_expect_success '-q prints the same report and nothing else' '
	crm-report -q --as-of 2025-06-15 --since 2025-06-01 >actual 2>err &&
	test_cmp expect-full actual &&
	test_must_be_empty err
'

# ---------------------------------------------------------------------------
# --as-of: a past morning, again

test_expect_success '--as-of twice gives the same report, with the same default --since' '
	fresh_db again.db &&
	crm-report --db again.db --as-of 2025-06-15 >first 2>err &&
	test_must_be_empty err &&
	crm-report --db again.db --as-of 2025-06-15 >second 2>err &&
	test_must_be_empty err &&
	test_cmp_nonempty first second &&
	echo "crm report for 2025-06-15 (new since 2025-06-14)" >expect &&
	head -n 1 second >actual &&
	test_cmp expect actual &&
	crm-report --db again.db --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect-full actual &&
	crm-report --db again.db --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect-full actual
'

# After the morning: sales of 06-16..22 (one by Anna, who has a card, so
# bonus accrues), a new customer brought by Anna, thanks for Bo, Gus lost
# on 06-20, Gus's complaint resolved, a survey, a redemption.  None of it
# is dated on or before 2025-06-15.
test_expect_success 'later sales, customers, thanks, notes and bonus do not change a past morning' '
	fresh_db later.db &&
	tsv later-sales <<-\EOF &&
	customer|date|amount|cost
	10|2025-06-20|30.00|10.00
	5|2025-06-22|20.00|5.00
	1|2025-06-16|10.00|5.00
	9|2025-06-16|-40.00|22.00
	EOF
	crm-sale --db later.db -q <later-sales &&
	crm-add --db later.db -q --name Max --source web --referred-by 1 --created 2025-06-20 &&
	crm-thank --db later.db -q --how call --date 2025-06-20 2 &&
	crm-lost --db later.db -q --reason "gone quiet" --date 2025-06-20 7 &&
	crm-note --db later.db --resolve 2 --date 2025-06-20 &&
	crm-note --db later.db -q --kind survey --score 5 --date 2025-06-16 9 &&
	crm-bonus --db later.db -q --redeem 1001 1.00 --date 2025-06-16 >/dev/null &&
	crm-report --db later.db --as-of 2025-06-15 --since 2025-06-01 >actual 2>err &&
	test_cmp expect-full actual &&
	test_must_be_empty err
'

test_expect_success 'a purchase after the morning by a customer lost before it does not change that morning' '
	fresh_db wonback.db &&
	crm-sale --db wonback.db -q 4 50.00 --date 2025-06-25 &&
	crm-report --db wonback.db --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect-full actual
'

test_expect_success 'a category change after the morning does not change that morning'"'"'s lapsed table' '
	fresh_db moved.db &&
	crm-categorize --db moved.db -q vip 5 &&
	crm-report --db moved.db --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect-full actual
'

# ---------------------------------------------------------------------------
# --since, and a report that keeps no state

test_expect_success 'a report is new since the day before its date' '
	fresh_db remember.db &&
	crm-report --db remember.db --as-of 2025-06-29 --sections bonus >first 2>err &&
	test_must_be_empty err &&
	cat >expect <<-\EOF &&
	crm report for 2025-06-29 (new since 2025-06-28)

	BONUS
	  no bonus issued, redeemed or reversed since 2025-06-28

	EOF
	echo "A customer'"'"'s whole profile: crm-show ID" >>expect &&
	test_cmp expect first &&
	crm-report --db remember.db --sections customers >second 2>err &&
	test_must_be_empty err &&
	cat >expect <<-\EOF &&
	crm report for 2025-06-30 (new since 2025-06-29)

	NEW CUSTOMERS
	  no new customers since 2025-06-29

	EOF
	echo "A customer'"'"'s whole profile: crm-show ID" >>expect &&
	test_cmp expect second
'

# A test run for a past date once made the next morning's NEW CUSTOMERS
# cover four months: the report remembered its date in the database.
test_expect_success 'a report for a past date changes nothing, not the next report' '
	cp remember.db remember.before &&
	crm-report --db remember.db --as-of 2025-02-01 --sections customers >/dev/null &&
	cmp remember.before remember.db &&
	crm-report --db remember.db --as-of 2025-07-03 --sections bonus >actual &&
	echo "crm report for 2025-07-03 (new since 2025-07-02)" >expect &&
	head -n 1 actual >first-line &&
	test_cmp expect first-line &&
	crm-report --db remember.db --as-of 2025-06-29 --sections bonus >again &&
	test_cmp_nonempty first again
'

# Since 2025-06-09 and as of today (2025-06-30): Jon (06-10) and Kim (06-12).
test_expect_success '--since chooses what is new, whatever the previous report was' '
	crm-report --db remember.db --since 2025-06-09 --sections customers >actual 2>err &&
	test_must_be_empty err &&
	cat >expect <<-\EOF &&
	crm report for 2025-06-30 (new since 2025-06-09)

	NEW CUSTOMERS
	  2 new customers since 2025-06-09
	  by source: friend 1, web 1
	       id  name                          source            created
	       10  Jon                           friend            2025-06-10
	       11  Kim                           web               2025-06-12

	EOF
	echo "A customer'"'"'s whole profile: crm-show ID" >>expect &&
	test_cmp expect actual
'

test_expect_success '--since on or after the report date, or not a date, is a usage error' '
	test_refused 64 "^crm-report: .*since" crm-report --since 2025-06-30 &&
	test_refused 64 "^crm-report: .*since" crm-report --as-of 2025-06-15 --since 2025-06-20 &&
	test_refused 64 "^crm-report: .*since" crm-report --since 2025-02-30 &&
	test_refused 64 "^crm-report: .*as-of" crm-report --as-of yesterday
'

# ---------------------------------------------------------------------------
# --sections and report_sections

test_expect_success '--sections chooses the sections and their order' '
	report_expect 2025-06-15 2025-06-01 bonus sales >expect &&
	crm-report --as-of 2025-06-15 --since 2025-06-01 --sections bonus,sales >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	report_expect 2025-06-15 2025-06-01 segments complaints lost top >expect &&
	crm-report --as-of 2025-06-15 --since 2025-06-01 --sections segments,complaints,lost,top >actual &&
	test_cmp expect actual
'

test_expect_success '--sections: an unknown, repeated or missing name is a usage error' '
	test_refused 64 "^crm-report: .*nosuch" crm-report --sections sales,nosuch &&
	test_refused 64 "^crm-report: .*Sales" crm-report --sections Sales &&
	test_refused 64 "^crm-report: .*sales" crm-report --sections sales,top,sales &&
	test_refused 64 "^crm-report: .*section" crm-report --sections ""
'

test_expect_success 'report_sections in the configuration chooses and orders; --sections wins' '
	printf "report_sections: [lost, referrals]\n" >flow.yaml &&
	report_expect 2025-06-15 2025-06-01 lost referrals >expect &&
	crm-report --config flow.yaml --as-of 2025-06-15 --since 2025-06-01 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	printf "report_sections:\n  - complaints\n  - sales\n" >block.yaml &&
	report_expect 2025-06-15 2025-06-01 complaints sales >expect &&
	CRM_CONFIG=$TRASH/block.yaml crm-report --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect actual &&
	report_expect 2025-06-15 2025-06-01 bonus >expect &&
	crm-report --config flow.yaml --sections bonus --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect actual
'

test_expect_success 'an unknown name in report_sections is a configuration error (78)' '
	printf "report_sections: [sales, nosuch]\n" >bad.yaml &&
	test_refused 78 "^crm-report: .*(nosuch|section)" crm-report --config bad.yaml --as-of 2025-06-15
'

# top_percent 50: ceil(9 x 50 / 100) = 5: Anna 200 + Cai 120 + Gus 65 + Eli
# 55 + Dag 40 (before Ida 40: ties by id) = 480.00, 480 / 590 = 81.36 ->
# 81.4%.  lapsed_days 80, silence reached in 06-02..06-15: last purchase in
# 03-14..03-27: Hal only (03-15 + 80 = 06-03); Eli reached it on 05-29.
test_expect_success 'top_percent and lapsed_days of the configuration' '
	printf "top_percent: 50\nlapsed_days: 80\nreport_sections: [top, lapsed]\n" >tuned.yaml &&
	cat >top50.exp <<-\EOF &&
	TOP CUSTOMERS
	  top 50% (5 customers) hold 81.4% of net revenue this year
	  480.00 of 590.00 net, among 9 customers with net revenue this year
	  list them: crm-top --percent 50 --period year
	EOF
	cat >lapsed80.exp <<-\EOF &&
	LAPSED
	  1 customer newly lapsed: no purchase for 80 days
	  the most valuable first (net of all time):
	       id  name                      category            net  last purchase
	        8  Hal                       vip               65.00  2025-03-15
	EOF
	report_expect 2025-06-15 2025-06-01 top50 lapsed80 >expect &&
	crm-report --config tuned.yaml --as-of 2025-06-15 --since 2025-06-01 >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# JSON

# The figures of the JSON report, one thing a line; money in cents and
# shares in tenths of a percent, so that any jq prints them alike.
cat >figures.jq <<\EOF
def c: if . == null then "null" else . * 100 | round | tostring end;
def t: if . == null then "null" else . * 10 | round | tostring end;
def n: if . == null then "null" else tostring end;
"as_of \(.as_of) since \(.since) \(.currency) \(.digits)",
(.sections.sales | select(.) |
	"sales \(.year)",
	(.yesterday, .month, .year_to_date |
		"  \(.from) \(.to) \(.purchases) \(.net | c) last year \(.last_year.from) \(.last_year.to) \(.last_year.purchases) \(.last_year.net | c) change \(.change | t)"),
	(.months[] | "  \(.month) \(.purchases | n) \(.net | c) \(.purchases_last_year) \(.net_last_year | c)")),
(.sections.customers | select(.) |
	"customers \(.new)",
	(.by_source[] | "  source \(.source) \(.customers)"),
	(.list[] | "  \(.id) \(.name) \(.source) \(.created)")),
(.sections.categories | select(.) |
	"categories \(.year) profit \(.profit | c)",
	"  most_profitable \(.most_profitable)",
	(.list[] | "  \(.category) \(.customers) \(.buyers) \(.revenue | c) \(.profit | c) \(.share | t)")),
(.sections.top | select(.) |
	"top \(.percent) \(.customers) of \(.ranked) value \(.value | c) net \(.net | c) share \(.share | t)",
	"  curve \([.curve[] | .share | t] | join(" "))",
	"  curve percents \([.curve[] | .percent | n] | join(" "))"),
(.sections.lapsed | select(.) |
	"lapsed \(.days) \(.count)",
	(.list[] | "  \(.id) \(.name) \(.category) \(.net | c) \(.last_purchase)"),
	"  per month \([.per_month[] | n] | join(" "))"),
(.sections.lost | select(.) |
	"lost \(.count)",
	(.reasons[] | "  reason \(.reason) \(.customers) \(.net | c)"),
	(.list[] | "  \(.id) \(.name) \(.date) \(.reason) \(.net | c)"),
	"  per month \([.per_month[] | n] | join(" "))"),
(.sections.referrals | select(.) |
	"referrals \(.unthanked_referrers)",
	(.list[] | "  \(.id) \(.name) \(.unthanked)")),
(.sections.complaints | select(.) |
	"complaints \(.open)",
	(.list[] | "  \(.note) \(.id) \(.name) \(.date) \(.age_days) \(.text)"),
	"  surveys \(.surveys.count) mean \(.surveys.mean | t) scores \([.surveys.scores[] | n] | join(" "))"),
(.sections.bonus | select(.) |
	"bonus \(.issued | c) \(.redeemed | c) \(.reversed | c)"),
(.sections.segments | select(.) |
	"segments \(.customers)",
	(.list[] | "  \(.segment) \(.customers) \(.share | t) \(.net | c)"))
EOF

# The same figures as the text, plus what only the JSON has: the months
# (2025 up to June, June to yesterday; 2024 whole: Jan A1 100; Feb B1 40 +
# L1 70; Mar C1 150; Apr none; May D1 60; Jun B2 35 + A2 50 + E1 45; Jul F1
# 20; Aug D2 80; Sep G1 90; Oct A3 200; Nov L2 -10; Dec H1 35), the
# categories' customers on 2025-06-15 (vip Anna Cai Hal Liv; regular Bo
# Dag Eli Gus Ida Jon; employee Fia; problem Kim) and buyers, the curve of
# the top (cumulative 200, 320, 385, 440, 480, 520, 550, 575, 590 of 590
# for the top ceil(9 x P / 100) customers), lapsed per month this year (Bo
# in April, Eli and Hal in June), lost per month (Liv in February, Dag in
# June) and the lost net of the year before the lost day (Dag: D2 80 + D3
# 40; D1 of 2024-05-01 is older), survey scores 1..5.
cat >expect-figures <<\EOF
as_of 2025-06-15 since 2025-06-01 null 2
sales 2025
  2025-06-14 2025-06-14 2 13500 last year 2024-06-14 2024-06-14 1 5000 change 1700
  2025-06-01 2025-06-15 4 23500 last year 2024-06-01 2024-06-15 2 8500 change 1765
  2025-01-01 2025-06-15 11 59000 last year 2024-01-01 2024-06-15 7 50500 change 168
  2025-01 1 2500 1 10000
  2025-02 1 8000 2 11000
  2025-03 3 12500 1 15000
  2025-04 1 6000 0 0
  2025-05 1 6500 1 6000
  2025-06 4 23500 3 13000
  2025-07 null null 1 2000
  2025-08 null null 1 8000
  2025-09 null null 1 9000
  2025-10 null null 1 20000
  2025-11 null null 0 -1000
  2025-12 null null 1 3500
customers 3
  source web 2
  source friend 1
  9 Ida web 2025-06-03
  10 Jon friend 2025-06-10
  11 Kim web 2025-06-12
categories 2025 profit 22750
  most_profitable vip
  vip 4 3 37000 13950 613
  regular 6 5 22500 8300 365
  employee 1 1 1500 500 22
  problem 1 0 0 0 0
top 20 2 of 9 value 32000 net 59000 share 542
  curve 0 339 339 542 542 653 653 746 746 814 814 814 881 881 932 932 975 975 1000 1000 1000
  curve percents 0 5 10 15 20 25 30 35 40 45 50 55 60 65 70 75 80 85 90 95 100
lapsed 90 2
  5 Eli regular 10000 2025-03-10
  8 Hal vip 6500 2025-03-15
  per month 0 0 0 1 0 2 null null null null null null
lost 1
  reason price 1 12000
  4 Dag 2025-06-05 price 12000
  per month 0 1 0 0 0 1 null null null null null null
referrals 2
  1 Anna 1
  2 Bo 1
complaints 3
  2 7 Gus 2025-05-02 44 the tent leaked
  3 4 Dag 2025-06-02 13 prices went up
  4 1 Anna 2025-06-10 5 wrong size sent
  surveys 5 mean 36 scores 0 1 1 2 1
bonus 1000 500 100
segments 10
  champions 2 200 82000
  loyal 0 0 0
  promising 2 200 7500
  needs-attention 2 200 22000
  at-risk 2 200 28000
  hibernating 1 100 10000
  lost 1 100 6000
EOF

test_expect_success JQ '--format json is one valid JSON object with the same figures' '
	crm-report --as-of 2025-06-15 --since 2025-06-01 --format json >report.json 2>err &&
	test_must_be_empty err &&
	jq -e "type == \"object\"" report.json >/dev/null &&
	jq -r -f figures.jq report.json >actual &&
	test_cmp expect-figures actual
'

test_expect_success JQ 'JSON: the sections in their order, nothing else' '
	jq -r ".sections | keys_unsorted | join(\" \")" report.json >actual &&
	echo "$ALL" >expect &&
	test_cmp expect actual &&
	jq -r "keys_unsorted | join(\" \")" report.json >actual &&
	echo "as_of since currency digits sections" >expect &&
	test_cmp expect actual &&
	crm-report --as-of 2025-06-15 --since 2025-06-01 --format json --sections bonus,sales >bs.json &&
	jq -r ".sections | keys_unsorted | join(\" \")" bs.json >actual &&
	echo "bonus sales" >expect &&
	test_cmp expect actual
'

# json_has KEY VALUE FILE: a line of FILE is the member "KEY": VALUE (an ERE)
json_has () {
	grep -E "^ *\"$1\": $2,?\$" "$3" >/dev/null || {
		echo "no member \"$1\": $2 in $3"
		return 1
	}
}

test_expect_success 'JSON: money has the currency'"'"'s minor digits, shares one decimal' '
	json_has net "135\.00" report.json &&
	json_has net "505\.00" report.json &&
	json_has change "170\.0" report.json &&
	json_has change "16\.8" report.json &&
	json_has profit "139\.50" report.json &&
	json_has issued "10\.00" report.json &&
	json_has reversed "1\.00" report.json &&
	json_has mean "3\.6" report.json &&
	json_has net_last_year "-10\.00" report.json &&
	json_has share "54\.2" report.json
'

# ---------------------------------------------------------------------------
# Nothing, or little, to report

cat >expect-empty <<\EOF
crm report for 2025-06-30 (new since 2025-06-29)

SALES
  no sales yet this year, nor in the same days last year

NEW CUSTOMERS
  no new customers since 2025-06-29

CATEGORIES
  no sales yet this year

TOP CUSTOMERS
  no customers with net revenue this year

LAPSED
  no customers newly lapsed since 2025-06-29 (90 days without a purchase)

LOST
  no customers lost since 2025-06-29

REFERRALS
  no referrers waiting to be thanked

COMPLAINTS
  no open complaints

BONUS
  no bonus issued, redeemed or reversed since 2025-06-29

SEGMENTS
  no customers with purchases to segment

A customer's whole profile: crm-show ID
EOF

# shares in tenths of a percent, so that any version of jq prints them alike
JQ_TENTHS='def t: if . == null then "null" else . * 10 | round | tostring end;'

# no_nan FILE...: no NaN or infinity anywhere
no_nan () {
	if grep -n -i -w -E "nan|-?inf|-?infinity" "$@"; then
		echo "NaN or infinity in $*"
		return 1
	fi
}

test_expect_success 'an empty database: every section says so, in words' '
	crm-init --db empty.db &&
	crm-report --db empty.db >actual 2>err &&
	test_cmp expect-empty actual &&
	test_must_be_empty err &&
	no_nan actual
'

cat >expect-empty-figures <<\EOF
as_of 2025-06-30 since 2025-06-29 null 2
sales 2025
  2025-06-29 2025-06-29 0 0 last year 2024-06-29 2024-06-29 0 0 change null
  2025-06-01 2025-06-30 0 0 last year 2024-06-01 2024-06-30 0 0 change null
  2025-01-01 2025-06-30 0 0 last year 2024-01-01 2024-06-30 0 0 change null
  2025-01 0 0 0 0
  2025-02 0 0 0 0
  2025-03 0 0 0 0
  2025-04 0 0 0 0
  2025-05 0 0 0 0
  2025-06 0 0 0 0
  2025-07 null null 0 0
  2025-08 null null 0 0
  2025-09 null null 0 0
  2025-10 null null 0 0
  2025-11 null null 0 0
  2025-12 null null 0 0
customers 0
categories 2025 profit 0
  employee 0 0 0 0 null
  problem 0 0 0 0 null
  regular 0 0 0 0 null
  vip 0 0 0 0 null
top 20 0 of 0 value 0 net 0 share null
  curve null null null null null null null null null null null null null null null null null null null null null
  curve percents 0 5 10 15 20 25 30 35 40 45 50 55 60 65 70 75 80 85 90 95 100
lapsed 90 0
  per month 0 0 0 0 0 0 null null null null null null
lost 0
  per month 0 0 0 0 0 0 null null null null null null
referrals 0
complaints 0
  surveys 0 mean null scores 0 0 0 0 0
bonus 0 0 0
segments 0
  champions 0 null 0
  loyal 0 null 0
  promising 0 null 0
  needs-attention 0 null 0
  at-risk 0 null 0
  hibernating 0 null 0
  lost 0 null 0
EOF

test_expect_success JQ 'an empty database in JSON: zeros where counted, null where there is no figure' '
	crm-init --db empty-json.db &&
	crm-report --db empty-json.db --format json >empty.json 2>err &&
	test_must_be_empty err &&
	no_nan empty.json &&
	jq -r -f figures.jq empty.json >figures &&
	grep -v "most_profitable" figures >actual &&
	test_cmp expect-empty-figures actual
'

test_expect_success JQ 'an empty database in JSON: no most profitable category' '
	jq -r ".sections.categories.most_profitable" empty.json >actual &&
	echo null >expect &&
	test_cmp expect actual
'

# One customer, created and buying yesterday: 10.00 at a cost of 4.00,
# nothing a year before (n/a), the whole profit and revenue hers; the top
# 20% of 1 is ceil(0.2) = 1 customer; alone she scores 111: segment lost.
test_expect_success 'one customer: figures without division by zero' '
	crm-init --db one.db &&
	crm-add --db one.db -q --name Solo --source web --created 2025-06-29 &&
	crm-sale --db one.db 1 10.00 --cost 4.00 --date 2025-06-29 &&
	cat >expect <<-\EOF &&
	crm report for 2025-06-30 (new since 2025-06-01)

	SALES
	                                    this year              last year
	                        purchases         net  purchases         net    change
	  yesterday 2025-06-29          1       10.00          0        0.00       n/a
	  month to date 2025-06         1       10.00          0        0.00       n/a
	  year to date 2025             1       10.00          0        0.00       n/a

	NEW CUSTOMERS
	  1 new customer since 2025-06-01
	  by source: web 1
	       id  name                          source            created
	        1  Solo                          web               2025-06-29

	CATEGORIES
	  most profitable this year: regular, profit 6.00, 100.0% of all profit
	  others: employee 0.00 (0.0%), problem 0.00 (0.0%), vip 0.00 (0.0%)
	  total profit this year 6.00: crm-value --by category --period year

	TOP CUSTOMERS
	  top 20% (1 customer) holds 100.0% of net revenue this year
	  10.00 of 10.00 net, among 1 customer with net revenue this year
	  list them: crm-top --percent 20 --period year

	LAPSED
	  no customers newly lapsed since 2025-06-01 (90 days without a purchase)

	LOST
	  no customers lost since 2025-06-01

	REFERRALS
	  no referrers waiting to be thanked

	COMPLAINTS
	  no open complaints

	BONUS
	  no bonus issued, redeemed or reversed since 2025-06-01

	SEGMENTS
	  RFM segment               customers   share             net
	  champions                         0    0.0%            0.00
	  loyal                             0    0.0%            0.00
	  promising                         0    0.0%            0.00
	  needs-attention                   0    0.0%            0.00
	  at-risk                           0    0.0%            0.00
	  hibernating                       0    0.0%            0.00
	  lost                              1  100.0%           10.00
	  list a segment: crm-rfm --segment NAME

	EOF
	echo "A customer'"'"'s whole profile: crm-show ID" >>expect &&
	crm-report --db one.db --since 2025-06-01 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	no_nan actual
'

test_expect_success JQ 'one customer in JSON: changes null, shares and curve whole' '
	crm-report --db one.db --since 2025-06-01 --format json >one.json &&
	no_nan one.json &&
	jq -r "$JQ_TENTHS [.sections.sales.yesterday.change, .sections.sales.year_to_date.change, .sections.top.share, .sections.complaints.surveys.mean] | map(t) | join(\" \")" one.json >actual &&
	echo "null null 1000 null" >expect &&
	test_cmp expect actual &&
	jq -r "$JQ_TENTHS [.sections.top.curve[] | .share | t] | join(\" \")" one.json >actual &&
	echo "0 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000" >expect &&
	test_cmp expect actual
'

# A year without sales: Old bought on 2024-03-10 (50.00) and 2024-06-10
# (30.00), nothing in 2025.  Yesterday, 2025-06-29, and 2024-06-29: nothing
# (no sales); June to date: 0 against 1 purchase of 30.00, -100.0%; the
# year to date: 0 against 2, 80.00.  Her silence passed 90 days in
# September 2024: not newly lapsed.
test_expect_success 'a year with no sales: the report says so' '
	crm-init --db old.db &&
	crm-add --db old.db -q --name Old --created 2024-03-01 &&
	crm-sale --db old.db 1 50.00 --cost 20.00 --date 2024-03-10 &&
	crm-sale --db old.db 1 30.00 --cost 10.00 --date 2024-06-10 &&
	cat >expect <<-\EOF &&
	crm report for 2025-06-30 (new since 2025-06-01)

	SALES
	                                    this year              last year
	                        purchases         net  purchases         net    change
	  yesterday 2025-06-29          0        0.00          0        0.00  no sales
	  month to date 2025-06         0        0.00          1       30.00   -100.0%
	  year to date 2025             0        0.00          2       80.00   -100.0%
	  no sales yet this year

	CATEGORIES
	  no sales yet this year

	TOP CUSTOMERS
	  no customers with net revenue this year

	LAPSED
	  no customers newly lapsed since 2025-06-01 (90 days without a purchase)

	EOF
	echo "A customer'"'"'s whole profile: crm-show ID" >>expect &&
	crm-report --db old.db --since 2025-06-01 --sections sales,categories,top,lapsed >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	no_nan actual
'

test_expect_success 'a year with no sales, nor the year before' '
	cat >expect <<-\EOF &&
	crm report for 2026-06-30 (new since 2026-06-01)

	SALES
	  no sales yet this year, nor in the same days last year

	CATEGORIES
	  no sales yet this year

	TOP CUSTOMERS
	  no customers with net revenue this year

	EOF
	echo "A customer'"'"'s whole profile: crm-show ID" >>expect &&
	crm-report --db old.db --as-of 2026-06-30 --since 2026-06-01 --sections sales,categories,top >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success JQ 'a year with no sales in JSON: no NaN, changes of -100.0 and null' '
	crm-report --db old.db --since 2025-06-01 --format json >old.json &&
	no_nan old.json &&
	jq -r "$JQ_TENTHS [.sections.sales.yesterday.change, .sections.sales.month.change, .sections.sales.year_to_date.change, .sections.top.share, .sections.categories.profit] | map(t) | join(\" \")" old.json >actual &&
	echo "null -1000 -1000 null 0" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# The calendar

# The report of 1 January is about the whole of last year: yesterday is
# 2024-12-31 (nothing; nor on 2023-12-31), the month December 2024 (H1
# 35.00), the year 2024: 13 purchases, 100 + 50 + 200 + 40 + 35 + 150 + 60 +
# 80 + 45 + 20 + 90 + 35 + 70 - 10 (L2) = 965.00; nothing in 2023: n/a.
test_expect_success 'the report of 31 December is the whole year; 1 January only that day' '
	cat >sales-dec.exp <<-\EOF &&
	SALES
	                                    this year              last year
	                        purchases         net  purchases         net    change
	  yesterday 2024-12-30          0        0.00          0        0.00  no sales
	  month to date 2024-12         1       35.00          0        0.00       n/a
	  year to date 2024            13      965.00          0        0.00       n/a
	EOF
	report_expect 2024-12-31 2024-12-01 sales-dec >expect &&
	crm-report --as-of 2024-12-31 --since 2024-12-01 --sections sales >actual &&
	test_cmp expect actual &&
	cat >sales-jan.exp <<-\EOF &&
	SALES
	  no sales yet this year, nor in the same days last year
	EOF
	report_expect 2025-01-01 2024-12-01 sales-jan >expect &&
	crm-report --as-of 2025-01-01 --since 2024-12-01 --sections sales >actual &&
	test_cmp expect actual
'

test_expect_success JQ 'the report of 1 January counts that day, in its own year' '
	crm-init --db jan.db &&
	crm-add --db jan.db -q --name A --created 2024-01-01 &&
	crm-add --db jan.db -q --name B --created 2024-01-01 &&
	crm-sale --db jan.db 1 10.00 --date 2024-03-01 &&
	crm-sale --db jan.db 2 10.00 --date 2024-10-03 &&
	crm-lost --db jan.db -q --reason moved --date 2025-01-01 1 &&
	crm-note --db jan.db -q --kind survey --score 1 --date 2025-01-01 2 &&
	crm-report --db jan.db --as-of 2025-01-01 --since 2024-12-01 --format json >jan.json &&
	jq -r "[.sections.lost.count, .sections.lapsed.count] | map(tostring) | join(\" \")" jan.json >actual &&
	echo "1 1" >expect &&
	test_cmp expect actual &&
	jq -r "(.sections.lost.per_month, .sections.lapsed.per_month, .sections.complaints.surveys.scores) | map(tostring) | join(\" \")" jan.json >actual &&
	cat >expect <<-\EOF &&
	1 null null null null null null null null null null null
	1 null null null null null null null null null null null
	1 0 0 0 0
	EOF
	test_cmp expect actual
'

# Yesterday 29 February 2024: the same day a year before is 2023-02-28.
test_expect_success JQ 'a sale dated on the --as-of day counts in the month and the year' '
	crm-init --db today.db &&
	crm-add --db today.db -q --name A --created 2025-01-01 &&
	crm-sale --db today.db --cost 4.00 --date 2025-03-10 1 10.00 &&
	crm-sale --db today.db --date 2025-03-09 1 1.00 &&
	crm-report --db today.db --as-of 2025-03-10 --format json >today.json &&
	jq -r "[.sections.sales.yesterday.purchases, .sections.sales.month.purchases, .sections.sales.month.net, .sections.sales.year_to_date.net, .sections.sales.months[2].net] | map(tostring) | join(\" \")" today.json >actual &&
	echo "1 2 11 11 11" >expect &&
	test_cmp expect actual
'

test_expect_success JQ 'a 29 February is compared with the 28th a year before' '
	crm-report --as-of 2024-03-01 --since 2024-02-01 --format json --sections sales >leap.json &&
	jq -r ".sections.sales | [.yesterday.from, .yesterday.last_year.from, .yesterday.last_year.to, .month.last_year.from, .month.last_year.to, .year_to_date.last_year.to] | join(\" \")" leap.json >actual &&
	echo "2024-02-29 2023-02-28 2023-02-28 2023-03-01 2023-03-01 2023-03-01" >expect &&
	test_cmp expect actual &&
	crm-report --as-of 2024-02-29 --since 2024-02-01 --format json --sections sales >leap.json &&
	jq -r ".sections.sales | [.month.to, .month.last_year.from, .month.last_year.to, .year_to_date.last_year.to] | join(\" \")" leap.json >actual &&
	echo "2024-02-29 2023-02-01 2023-02-28 2023-02-28" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Long lists end with how many more and the command that lists them

test_expect_success 'a section names at most 20 customers, then says how many more' '
	crm-init --db many.db &&
	{
		printf "name\tsource\tcreated\n" &&
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22
		do
			printf "C%02d\tshop\t2025-06-%02d\n" "$i" "$i" || return 1
		done
	} >many &&
	crm-add --db many.db -q <many &&
	crm-report --db many.db --since 2025-05-31 --sections customers >out &&
	sed -n "4,6p" out >actual &&
	cat >expect <<-\EOF &&
	  22 new customers since 2025-05-31
	  by source: shop 22
	       id  name                          source            created
	EOF
	test_cmp expect actual &&
	grep -c "^ *[0-9][0-9]*  C[0-9][0-9] " out >count &&
	echo 20 >expect &&
	test_cmp expect count &&
	grep "^  \.\.\." out >actual &&
	echo "  ... and 2 more: crm-ls --created-from 2025-06-01" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Failures: one line and a sysexits status

test_expect_success 'a missing database is 66, in one line, and is not created' '
	test_refused 66 "^crm-report: .*nowhere\.db" crm-report --db nowhere.db &&
	test_must_be_empty out &&
	test ! -e nowhere.db &&
	test_refused 66 "^crm-report: .*nowhere-either\.db" env CRM_DB=$TRASH/nowhere-either.db crm-report --html page.html &&
	test ! -e nowhere-either.db &&
	test ! -e page.html
'

# The nightly report must not fail because the nightly import runs long.
test_expect_success SQLITE3,SQLITE_DB 'while a writer holds the lock the report runs at once, the same' '
	hold_lock "$CRM_DB" 5 &&
	test_when_finished release_lock &&
	t0=$(now_ms) &&
	env CRM_BUSY_TIMEOUT=1000 crm-report --as-of 2025-06-15 --since 2025-06-01 \
		--html busy-page.html >actual 2>err &&
	t1=$(now_ms) &&
	echo "crm-report took $((t1 - t0)) ms" &&
	test_must_be_empty err &&
	test_cmp expect-full actual &&
	test -s busy-page.html &&
	if test_have_prereq NANOTIME
	then
		test $((t1 - t0)) -lt 4000
	fi
'

test_expect_success 'an --html file in a missing directory is 73; nothing printed' '
	test_refused 73 "^crm-report: .*no-such-dir" crm-report --as-of 2025-06-15 --html no-such-dir/page.html &&
	test_must_be_empty out &&
	test ! -e no-such-dir
'

# tmp_files DIR: the files left beside a page, besides the page itself
tmp_files () {
	find "$1" -name "*tmp*" -print
}

test_expect_success 'an --html path that cannot be replaced is 73 and leaves no temporary file' '
	mkdir -p pages/index.html &&
	echo "not a page" >pages/index.html/keep &&
	test_refused 73 "^crm-report: .*pages/index\.html" crm-report --as-of 2025-06-15 --html pages/index.html &&
	test_must_be_empty out &&
	tmp_files pages >left &&
	test_must_be_empty left &&
	echo "not a page" >expect &&
	test_cmp expect pages/index.html/keep
'

# make_unwritable DIR: no file can be created in DIR; as root chmod is not
# enough, so the directory is made immutable.
make_unwritable () {
	if test "$(id -u)" = 0
	then
		chattr +i "$1"
	else
		chmod a-w "$1"
	fi
}

make_writable () {
	if test "$(id -u)" = 0
	then
		chattr -i "$1" 2>/dev/null
	fi
	chmod u+w "$1"
}

test_lazy_prereq UNWRITABLE_DIR '
	mkdir ro &&
	make_unwritable ro &&
	if touch ro/x 2>/dev/null; then r=1; else r=0; fi &&
	make_writable ro &&
	exit $r
'

test_expect_success UNWRITABLE_DIR 'an unwritable directory is 73; the previous page stays intact, no temporary file' '
	mkdir site &&
	crm-report --as-of 2025-06-14 --since 2025-06-01 --html site/index.html >/dev/null &&
	cp site/index.html previous.html &&
	make_unwritable site &&
	test_when_finished "make_writable site" &&
	test_refused 73 "^crm-report: .*site/index\.html" crm-report --as-of 2025-06-15 --since 2025-06-01 --html site/index.html &&
	test_must_be_empty out &&
	test_cmp previous.html site/index.html &&
	tmp_files site >left &&
	test_must_be_empty left
'

test_expect_success DEV_FULL 'a failed write to standard output is 74, in one line' '
	test_must_fail_with 74 crm-report --as-of 2025-06-15 >/dev/full 2>err &&
	test_stderr_matches "^crm-report: " err &&
	test_one_line err &&
	test_must_fail_with 74 crm-report --as-of 2025-06-15 --format json >/dev/full 2>err &&
	test_one_line err
'

test_expect_success 'bad options are usage errors (64)' '
	test_refused 64 "^crm-report: .*xml" crm-report --format xml &&
	test_refused 64 "^crm-report: .*extra" crm-report extra &&
	test_refused 64 "^crm-report: " crm-report --no-such-option
'

test_expect_success 'quiet on success: nothing on standard error, whatever the output' '
	crm-report --as-of 2025-06-15 >/dev/null 2>err &&
	test_must_be_empty err &&
	crm-report --as-of 2025-06-15 --format json >/dev/null 2>err &&
	test_must_be_empty err &&
	crm-report --as-of 2025-06-15 --html quiet.html >/dev/null 2>err &&
	test_must_be_empty err &&
	test -s quiet.html
'

test_done
