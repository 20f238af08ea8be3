#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-top: --percent (ceil), --count, --by, --period, --category, --summary, ties, pipes'
. "$(dirname "$0")/lib.sh"

# The small data set of tests/data (see t2100-value.sh for the whole table).
# Net value per customer, all time (today 2025-06-30):
#   1 Anna vip 230.00 (250 - 20 returned), 2 Bo regular 80.00,
#   3 Cai regular 300.00, 4 Dag problem 60.00, 5 Eli employee 60.00,
#   6 Fia vip (moved today) 100.00, 7 Gry vip 200.00, 8 Hal -25.00 (not
#   ranked: not positive), 9 Ida nothing, 10 Jon regular 60.00,
#   11 Kim employee 50.00, 12 Liv vip 10.10.
# N = 10 ranked; total 230+80+300+60+60+100+200+60+50+10.10 = 1150.10.
# Ranking: 3 (300), 1 (230), 7 (200), 6 (100), 2 (80), then 4, 5, 10 tie at
# 60.00 and come by id, 11 (50), 12 (10.10).

test_expect_success 'setup: the small data set' '
	crm-init &&
	crm-categorize -q --define wholesale --discount 15 --description "Trade buyers" &&
	crm-add -q <"$TEST_DATA/customers-small.tsv" &&
	CRM_TODAY=2024-07-01 crm-categorize -q vip 7 &&
	crm-sale -q <"$TEST_DATA/sales-small.tsv" &&
	crm-categorize -q vip 6
'

HEADER='rank|id|name|category|value|share|cum_share'

# share = value / 1150.10, cum_share = running sum / 1150.10, one decimal:
#  300/1150.1 = 26.08 -> 26.1; 230 -> 20.00 -> 20.0, cum 530 -> 46.08 -> 46.1;
#  200 -> 17.39 -> 17.4, cum 730 -> 63.47 -> 63.5; 100 -> 8.69 -> 8.7,
#  cum 830 -> 72.17 -> 72.2; 80 -> 6.96 -> 7.0, cum 910 -> 79.12 -> 79.1;
#  60 -> 5.22 -> 5.2, cum 970 -> 84.34 -> 84.3, 1030 -> 89.56 -> 89.6,
#  1090 -> 94.77 -> 94.8; 50 -> 4.35 -> 4.3, cum 1140 -> 99.12 -> 99.1;
#  10.10 -> 0.88 -> 0.9, cum 100.0
test_expect_success 'every ranked customer (--percent 100): customers without a positive value are left out' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|300.00|26.1|26.1
	2|1|Anna|vip|230.00|20.0|46.1
	3|7|Gry|vip|200.00|17.4|63.5
	4|6|Fia|vip|100.00|8.7|72.2
	5|2|Bo|regular|80.00|7.0|79.1
	6|4|Dag|problem|60.00|5.2|84.3
	7|5|Eli|employee|60.00|5.2|89.6
	8|10|Jon|regular|60.00|5.2|94.8
	9|11|Kim|employee|50.00|4.3|99.1
	10|12|Liv|vip|10.10|0.9|100.0
	EOF
	crm-top --percent 100 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'the default is the top 20% of all time: ceil(10 x 20 / 100) = 2' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|300.00|26.1|26.1
	2|1|Anna|vip|230.00|20.0|46.1
	EOF
	crm-top >actual &&
	test_cmp expect actual &&
	crm-top --percent 20 >actual &&
	test_cmp expect actual
'

test_expect_success '--percent 10 takes ceil(10 x 10 / 100) = 1' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|300.00|26.1|26.1
	EOF
	crm-top --percent 10 >actual &&
	test_cmp expect actual
'

test_expect_success '--percent rounds up: 11% and 15% of 10 customers are 2' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|300.00|26.1|26.1
	2|1|Anna|vip|230.00|20.0|46.1
	EOF
	crm-top --percent 11 >actual &&
	test_cmp expect actual &&
	crm-top --percent 15 >actual &&
	test_cmp expect actual &&
	crm-top --percent 21 -H >actual &&
	test_line_count = 3 actual
'

test_expect_success 'the default percent comes from the config (top_percent)' '
	echo "top_percent: 30" >top.yaml &&
	crm-top --config top.yaml -H --format tsv >actual &&
	test_line_count = 3 actual
'

test_expect_success '--count 7: the tie at 60.00 across the cut-off is broken by id (4, 5 in; 10 out)' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|300.00|26.1|26.1
	2|1|Anna|vip|230.00|20.0|46.1
	3|7|Gry|vip|200.00|17.4|63.5
	4|6|Fia|vip|100.00|8.7|72.2
	5|2|Bo|regular|80.00|7.0|79.1
	6|4|Dag|problem|60.00|5.2|84.3
	7|5|Eli|employee|60.00|5.2|89.6
	EOF
	crm-top --count 7 >actual &&
	test_cmp expect actual
'

test_expect_success '--count larger than the ranked customers lists them all' '
	crm-top --count 50 -H >actual &&
	test_line_count = 10 actual
'

test_expect_success '--summary: one line' '
	echo "top 20% (2 customers) hold 46.1% of net revenue" >expect &&
	crm-top --summary >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	echo "top 11% (2 customers) hold 46.1% of net revenue" >expect &&
	crm-top --summary --percent 11 >actual &&
	test_cmp expect actual
'

# Profit per customer, all time, over the costed sales only (Jon's J2, 35
# without a cost, is no profit): 1 90.50, 2 29, 3 80, 4 20, 5 10, 6 50,
# 7 100, 8 -15 (out), 10 10, 11 20, 12 3.10: N = 10, total 412.60.
#  100/412.6 = 24.24 -> 24.2; 90.5/412.6 = 21.93 -> 21.9, cum 190.5 -> 46.17 ->
#  46.2; 80/412.6 = 19.39 -> 19.4, cum 270.5 -> 65.56 -> 65.6
# With --by profit a last column, uncosted, gives the net of the customer's
# sales without a cost.  Ranks 4-9: 6 50, 2 29, 4 20, 11 20 (ties by id),
# 5 10, 10 10: Jon is 9th, 10/412.6 = 2.42 -> 2.4, cum 409.5/412.6 = 99.25
# -> 99.2, and his J2 (35, no cost) is uncosted.
test_expect_success '--by profit' '
	tsv expect <<-EOF &&
	$HEADER|uncosted
	1|7|Gry|vip|100.00|24.2|24.2|0.00
	2|1|Anna|vip|90.50|21.9|46.2|0.00
	3|3|Cai|regular|80.00|19.4|65.6|0.00
	EOF
	crm-top --by profit --count 3 >actual &&
	test_cmp expect actual &&
	printf "9\t10\tJon\tregular\t10.00\t2.4\t99.2\t35.00\n" >expect &&
	crm-top --by profit --count 9 | tail -n 1 >actual &&
	test_cmp expect actual &&
	echo "top 20% (2 customers) hold 46.2% of profit" >expect &&
	crm-top --by profit --summary >actual &&
	test_cmp expect actual
'

# Purchases (amount >= 0; Liv's 0.00 sample counts): 1 4, 2 3, 3 2, 4 1,
# 5 2, 6 2, 7 2, 10 2, 11 1, 12 2 (Hal 0: out): N = 10, total 21.
#  4/21 = 19.05 -> 19.0; 3/21 = 14.29 -> 14.3, cum 7/21 = 33.3; 2/21 = 9.52 ->
#  9.5, cum 9/21 = 42.86 -> 42.9, cum 11/21 = 52.38 -> 52.4.
# Six customers have 2: the fourth place goes to the lowest id among 3,5,6,7,10,12
# after 3, i.e. 5.
test_expect_success '--by count: the value is an integer' '
	tsv expect <<-EOF &&
	$HEADER
	1|1|Anna|vip|4|19.0|19.0
	2|2|Bo|regular|3|14.3|33.3
	3|3|Cai|regular|2|9.5|42.9
	4|5|Eli|employee|2|9.5|52.4
	EOF
	crm-top --by count --count 4 >actual &&
	test_cmp expect actual &&
	echo "top 20% (2 customers) hold 33.3% of purchases" >expect &&
	crm-top --by count --summary >actual &&
	test_cmp expect actual
'

# 2025 to date: 1 80-20 = 60, 2 10, 3 100, 5 15, 6 30, 10 60, 11 50;
# 12 has 0.00 (not positive: out).  N = 7, total 325.
#  100/325 = 30.77 -> 30.8; 60 -> 18.46 -> 18.5, cum 160 -> 49.23 -> 49.2;
#  cum 220 -> 67.69 -> 67.7; 50 -> 15.38 -> 15.4, cum 270 -> 83.08 -> 83.1;
#  30 -> 9.23 -> 9.2, cum 300 -> 92.31 -> 92.3; 15 -> 4.62 -> 4.6,
#  cum 315 -> 96.92 -> 96.9; 10 -> 3.08 -> 3.1, cum 100.0
test_expect_success '--period year ranks the year to date' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|100.00|30.8|30.8
	2|1|Anna|vip|60.00|18.5|49.2
	3|10|Jon|regular|60.00|18.5|67.7
	4|11|Kim|employee|50.00|15.4|83.1
	5|6|Fia|vip|30.00|9.2|92.3
	6|5|Eli|employee|15.00|4.6|96.9
	7|2|Bo|regular|10.00|3.1|100.0
	EOF
	crm-top --period year --percent 100 >actual &&
	test_cmp expect actual &&
	head -n 3 expect >expect2 &&
	crm-top --period year >actual &&
	test_cmp expect2 actual
'

# June 2025: K1 50 (Kim), E2 15 (Eli); total 65: 50/65 = 76.92 -> 76.9
test_expect_success '--period month and day' '
	tsv expect <<-EOF &&
	$HEADER
	1|11|Kim|employee|50.00|76.9|76.9
	2|5|Eli|employee|15.00|23.1|100.0
	EOF
	crm-top --period month --count 5 >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$HEADER
	1|5|Eli|employee|15.00|100.0|100.0
	EOF
	crm-top --period day >actual &&
	test_cmp expect actual &&
	crm-top --period week >actual &&
	test_cmp expect actual
'

# 2024-Q2 (as of 2024-06-30): A3 20 (Anna), C1 200 (Cai), D1 60 (Dag);
# Anna's 2024-03-31 sale is Q1.  Total 280: 200/280 = 71.43 -> 71.4,
# 60/280 = 21.43 -> 21.4, cum 260/280 = 92.86 -> 92.9
test_expect_success '--period quarter --as-of: the quarter containing the date, up to it' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|200.00|71.4|71.4
	2|4|Dag|problem|60.00|21.4|92.9
	EOF
	crm-top --period quarter --as-of 2024-06-30 --count 2 >actual &&
	test_cmp expect actual
'

test_expect_success '--from/--to: 2024-03-31 to 2024-04-01' '
	tsv expect <<-EOF &&
	$HEADER
	1|1|Anna|vip|70.00|100.0|100.0
	EOF
	crm-top --from 2024-03-31 --to 2024-04-01 >actual &&
	test_cmp expect actual
'

# All time as of 2024-12-31: 1 170, 2 70, 3 200, 4 60, 5 45, 6 70, 7 200,
# 12 10.10 (8: -25 out); N = 8, total 825.10.  3 and 7 tie at 200: 3 first.
#  200/825.1 = 24.24 -> 24.2, cum 400 -> 48.48 -> 48.5; 170 -> 20.60 -> 20.6,
#  cum 570 -> 69.08 -> 69.1; 2 and 6 tie at 70: 2 first, 70 -> 8.48 -> 8.5,
#  cum 640 -> 77.57 -> 77.6.  ceil(8 x 20 / 100) = ceil(1.6) = 2.
test_expect_success '--as-of: later purchases are ignored; ties broken by id' '
	tsv expect <<-EOF &&
	$HEADER
	1|3|Cai|regular|200.00|24.2|24.2
	2|7|Gry|vip|200.00|24.2|48.5
	3|1|Anna|vip|170.00|20.6|69.1
	4|2|Bo|regular|70.00|8.5|77.6
	EOF
	crm-top --as-of 2024-12-31 --count 4 >actual &&
	test_cmp expect actual &&
	head -n 3 expect >expect2 &&
	crm-top --as-of 2024-12-31 >actual &&
	test_cmp expect2 actual
'

# Employees: 5 Eli 60, 11 Kim 50; total 110: 60/110 = 54.55 -> 54.5,
# 50/110 = 45.45 -> 45.5
test_expect_success '--category: ranking and shares within the category' '
	tsv expect <<-EOF &&
	$HEADER
	1|5|Eli|employee|60.00|54.5|54.5
	2|11|Kim|employee|50.00|45.5|100.0
	EOF
	crm-top --category employee --percent 100 >actual &&
	test_cmp expect actual &&
	head -n 2 expect >expect2 &&
	crm-top --category employee --percent 10 >actual &&
	test_cmp expect2 actual &&
	crm-top --category employee >actual &&
	test_cmp expect2 actual
'

test_expect_success '--category without customers: only the header' '
	printf "rank\tid\tname\tcategory\tvalue\tshare\tcum_share\n" >expect &&
	crm-top --category wholesale >actual &&
	test_cmp expect actual
'

test_expect_success 'a window without purchases: only the header' '
	printf "rank\tid\tname\tcategory\tvalue\tshare\tcum_share\n" >expect &&
	crm-top --period month --as-of 2024-07-31 >actual &&
	test_cmp expect actual
'

test_expect_success '--category that does not exist is 66' '
	test_must_fail_with 66 crm-top --category gold >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-top: .*gold" err
'

test_expect_success 'bad options are usage errors (64)' '
	test_must_fail_with 64 crm-top --percent 10x 2>err &&
	test_stderr_matches "^crm-top: " err &&
	test_must_fail_with 64 crm-top --count abc 2>err &&
	test_must_fail_with 64 crm-top --by colour 2>err &&
	test_must_fail_with 64 crm-top --period fortnight 2>err &&
	test_must_fail_with 64 crm-top --as-of 2025-02-29 2>err
'

# Customers 12, 2, 7, 8 read from stdin: 7 200, 2 80, 12 10.10 (8 is
# negative); total 290.10: 200/290.1 = 68.94 -> 68.9; 80/290.1 = 27.58 ->
# 27.6, cum 280/290.1 = 96.52 -> 96.5; 10.10/290.1 = 3.48 -> 3.5, cum 100.0
test_expect_success '"-" limits the ranking to the customers read from stdin' '
	tsv expect <<-EOF &&
	$HEADER
	1|7|Gry|vip|200.00|68.9|68.9
	2|2|Bo|regular|80.00|27.6|96.5
	3|12|Liv|vip|10.10|3.5|100.0
	EOF
	printf "id\n12\n2\n7\n8\n" | crm-top --percent 100 - >actual &&
	test_cmp expect actual
'

test_expect_success '--format csv' '
	printf "%s\r\n" "rank,id,name,category,value,share,cum_share" \
		"1,3,Cai,regular,300.00,26.1,26.1" >expect &&
	crm-top --percent 10 --format csv >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-top | crm-categorize vip promotes the top customers' '
	crm-top --percent 20 | crm-categorize vip --note "gold 2025" >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-ls --category vip -H --columns id >actual &&
	printf "1\n3\n6\n7\n12\n" >expect &&
	test_cmp expect actual
'

# the names of a long ranking are read a batch of customers at a time
# (crm_db_customer_rows_of: 256 a statement); 700 customers ranked
# against their ids, so the ranking is not the order the batches are
# read in, and the last batch is a part one
test_expect_success 'a long ranking names every customer, batch after batch' '
	awk "BEGIN { print \"name\"; for (i = 1; i <= 700; i++) print \"Top \" i }" >many &&
	crm-add -q <many &&
	crm-ls -H --columns id,name --name "Top *" >ids &&
	test_line_count = 700 ids &&
	awk -F"$TAB" "BEGIN { print \"customer\tdate\tamount\" }
		{ printf \"%s\t2025-06-01\t%d.00\n\", \$1, 1000 + 10 * substr(\$2, 5) }" ids >sales &&
	crm-sale -q <sales &&
	crm-top --count 700 -H >top &&
	head -n 1 top | cut -f3 >actual &&
	tail -n 1 top | cut -f3 >>actual &&
	printf "Top 700\nTop 1\n" >expect &&
	test_cmp expect actual &&
	cut -f2,3 top | sort -n >got &&
	sort -n ids >want &&
	test_cmp want got
'

test_done
