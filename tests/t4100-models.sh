#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='BG/NBD and Gamma-Gamma: crm-lapsed --model bgnbd and crm-value --predict on the CDNOW sample and on hand-made data'
. "$(dirname "$0")/lib.sh"

# The CDNOW sample (tests/data/cdnowElog.csv, see tests/data/CDNOW-README.md)
# is loaded through crm-add and crm-sale and fitted as of 1997-09-30, the
# end of its calibration period; the fit must land in the accepted band of
# the reference MLE (each parameter within 0.1 %, the log-likelihood within
# 0.01).  Per-customer figures are recomputed here with awk from the
# printed parameters and the customers' histories, by the closed forms of
# Fader, Hardie & Lee (2005):
#   P(alive) = 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)), 1 for x = 0
#   E[spend] = p (v + x m) / (p x + q - 1), p v / (q - 1) for x = 0
# The BG/NBD log-likelihood is recomputed with awk too, with Gamma and Beta
# function ratios written as products (x is a whole number):
#   B(a,b+x)/B(a,b) = prod_{i<x} (b+i)/(a+b+i),  Gamma(r+x)/Gamma(r) =
#   prod_{i<x} (r+i),  B(a+1,b+x-1)/B(a,b+x) = a/(b+x-1);
# the awk version is itself checked against the README's value at the
# published parameters (-9582.4305).

CDNOW=$TEST_DATA/cdnowElog.csv
END=1997-09-30

# hist AS_OF: from a `customer date amount` TSV (header first) on stdin,
# one line per customer who bought up to AS_OF: "id x t_x T m", with t_x
# and T in days and m the mean repeat purchase-day total.  Same-day rows
# are one purchase day; returns (amount < 0) are not purchases.
hist () {
	sort -t "$TAB" -k1,1n -k2,2 | awk -F '\t' -v asof="$1" '
	function dn(s,  y, m, d) {
		y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
		if (m < 3) { y--; m += 12 }
		return 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * (m - 3) + 2) / 5) + d
	}
	BEGIN { end = dn(asof) }
	$1 == "customer" || $2 > asof || $3 < 0 { next }
	{
		c = $1; day = dn($2)
		if (!(c in first)) {
			first[c] = last[c] = day; x[c] = 0; rep[c] = 0; ids[++n] = c
		} else if (day != last[c]) {
			x[c]++; last[c] = day
		}
		if (day != first[c])
			rep[c] += $3
	}
	END {
		for (i = 1; i <= n; i++) {
			c = ids[i]
			printf "%d %d %d %d %.6f\n", c, x[c], last[c] - first[c], end - first[c], x[c] ? rep[c] / x[c] : 0
		}
	}'
}

# bgnbd_ll R ALPHA A B <hist: the BG/NBD log-likelihood, in weeks.
bgnbd_ll () {
	awk -v r="$1" -v al="$2" -v a="$3" -v b="$4" '
	{
		x = $2; tx = $3 / 7; T = $4 / 7; lab = 0
		for (i = 0; i < x; i++)
			lab += log((b + i) / (a + b + i)) + log(r + i)
		l = exp(-(r + x) * log(al + T))
		if (x > 0)
			l += a / (b + x - 1) * exp(-(r + x) * log(al + tx))
		ll += lab + r * log(al) + log(l)
	}
	END { printf "%.6f\n", ll }'
}

# param FILE MODEL NAME: a value of a --params output.
param () {
	awk -F '\t' -v m="$2" -v n="$3" '$1 == m && $2 == n { print $3; f = 1 } END { exit !f }' "$1"
}

# band VALUE LO HI NAME: LO <= VALUE <= HI, else say so.
band () {
	awk -v v="$1" -v lo="$2" -v hi="$3" -v n="$4" 'BEGIN {
		if (v == "" || v + 0 < lo + 0 || v + 0 > hi + 0) {
			printf "%s = %s is not in %s .. %s\n", n, v, lo, hi; exit 1
		}
	}'
}

# near A B TOL NAME: |A - B| <= TOL, else say so.
near () {
	awk -v a="$1" -v b="$2" -v t="$3" -v n="$4" 'BEGIN {
		d = a - b; if (d < 0) d = -d
		if (a == "" || b == "" || d > t + 0) {
			printf "%s: %s and %s differ by more than %s\n", n, a, b, t; exit 1
		}
	}'
}

# bg_params FILE: "r alpha a b" of a --params output.
bg_params () {
	echo "$(param "$1" bgnbd r) $(param "$1" bgnbd alpha)" \
		"$(param "$1" bgnbd a) $(param "$1" bgnbd b)"
}

# moved "R ALPHA A B" F...: the parameters with one of them times F, for
# each parameter and each F.
moved () {
	echo "$1" | awk -v fs="$*" '{
		n = split(fs, f, " ")
		for (k = 5; k <= n; k++)
			for (i = 1; i <= 4; i++) {
				for (j = 1; j <= 4; j++)
					printf "%s%.10g", (j > 1 ? " " : ""), (j == i ? $j * f[k] : $j)
				printf "\n"
			}
	}'
}

# p_alive_of R ALPHA A B [DIGITS] <hist: "id p_alive" with four decimals
# (or DIGITS).
p_alive_of () {
	awk -v r="$1" -v al="$2" -v a="$3" -v b="$4" -v d="${5:-4}" '{
		x = $2; tx = $3 / 7; T = $4 / 7
		p = x ? 1 / (1 + a / (b + x - 1) * exp((r + x) * log((al + T) / (al + tx)))) : 1
		printf "%d %.*f\n", $1, d, p
	}'
}

# expected_of R ALPHA A B P Q V WEEKS <hist: "id purchases spend value",
# E[Y(t)] by FHL (2005) eq. 10 with Gauss's series for 2F1, at full
# precision.
expected_of () {
	awk -v r="$1" -v al="$2" -v a="$3" -v b="$4" -v p="$5" -v q="$6" -v v="$7" -v t="$8" '{
		x = $2; tx = $3 / 7; T = $4 / 7; m = $5
		z = t / (al + T + t); h = 1; term = 1
		for (j = 0; j < 1000000; j++) {
			term *= (r + x + j) * (b + x + j) / ((a + b + x - 1 + j) * (j + 1)) * z
			h += term
			if ((term < 0 ? -term : term) < 1e-15 * (h < 0 ? -h : h)) break
		}
		num = (a + b + x - 1) / (a - 1) * (1 - exp((r + x) * log((al + T) / (al + T + t))) * h)
		den = 1
		if (x > 0) den += a / (b + x - 1) * exp((r + x) * log((al + T) / (al + tx)))
		e = num / den
		s = x ? p * (v + x * m) / (p * x + q - 1) : p * v / (q - 1)
		printf "%d %.10f %.10f %.10f\n", $1, e, s, e * s
	}'
}

# ---------------------------------------------------------------------------
# The CDNOW sample

test_expect_success 'the sample is the published file' '
	test -f "$CDNOW" &&
	wc -l <"$CDNOW" >lines &&
	echo 6920 >expect &&
	test_cmp expect lines &&
	if test_have sha256sum
	then
		echo "00e521e4b9ce09107d960ce4e9c9f1d84b720ff1fcb52e68102f649c221b6275" >expect &&
		sha256sum <"$CDNOW" | cut -d " " -f 1 >actual &&
		test_cmp expect actual
	fi
'

test_expect_success 'the TSV made by the README command: 6,919 rows, $244,091.94' '
	LC_ALL=C awk -F, '\''BEGIN{print "customer\tdate\tamount"} NR>1{printf "%d\t%s-%s-%s\t%.2f\n", $2, substr($3,1,4), substr($3,5,2), substr($3,7,2), $5}'\'' "$CDNOW" >cdnow.tsv &&
	LC_ALL=C awk -F, '\''BEGIN{print "customer\tdate\tamount"} NR>1 && $3 <= 19970930 {printf "%d\t%s-%s-%s\t%.2f\n", $2, substr($3,1,4), substr($3,5,2), substr($3,7,2), $5}'\'' "$CDNOW" >calib.tsv &&
	awk -F "\t" "NR > 1 { n++; split(\$3, d, \".\"); c += d[1] * 100 + d[2] } END { print n, c }" cdnow.tsv >actual &&
	echo "6919 24409194" >expect &&
	test_cmp expect actual &&
	awk -F "\t" "NR > 1 { n++; split(\$3, d, \".\"); c += d[1] * 100 + d[2] } END { print n, c }" calib.tsv >actual &&
	echo "4960 17311555" >expect &&
	test_cmp expect actual
'

test_expect_success 'the histories computed here match the README (sum of x 2,457)' '
	hist $END <cdnow.tsv >hist &&
	awk "{ n++; s += \$2; if (\$2) k++; else z++ } END { print n, s, z, k }" hist >actual &&
	echo "2357 2457 1411 946" >expect &&
	test_cmp expect actual &&
	hist $END <calib.tsv >hist.calib &&
	test_cmp_nonempty hist hist.calib
'

test_expect_success 'the awk log-likelihood gives the README value at the published parameters' '
	bgnbd_ll 0.243 4.414 0.793 2.426 <hist >ll &&
	near "$(cat ll)" -9582.4305 0.0001 "LL at (0.243, 4.414, 0.793, 2.426)"
'

test_expect_success 'crm-add registers the 2,357 customers as ids 1..2357' '
	crm-init &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 2357; i++) printf \"CDNOW %04d\\n\", i }" >customers.tsv &&
	crm-add <customers.tsv >ids &&
	awk "BEGIN { for (i = 1; i <= 2357; i++) print i }" >expect &&
	test_cmp expect ids
'

test_expect_success 'crm-sale records the 6,919 purchases; crm-value sees $244,091.94' '
	crm-sale <cdnow.tsv 2>err &&
	printf "crm-sale: 6919 added, 0 already recorded\ncrm-sale: no ref column: running this input again records its sales again\n" >expect &&
	test_cmp expect err &&
	crm-value -H >value &&
	awk -F "\t" "{ n++; p += \$3; split(\$6, d, \".\"); c += d[1] * 100 + d[2] } END { print n, p, c }" value >actual &&
	echo "2357 6919 24409194" >expect &&
	test_cmp expect actual
'

test_expect_success 'crm-lapsed --model bgnbd --params: the README fit' '
	crm-lapsed --model bgnbd --params --as-of $END >params &&
	cut -f 1,2 params >names &&
	tsv expect <<-\EOF &&
	model|param
	bgnbd|r
	bgnbd|alpha
	bgnbd|a
	bgnbd|b
	bgnbd|ll
	EOF
	test_cmp expect names &&
	band "$(param params bgnbd r)" 0.242352 0.242837 r &&
	band "$(param params bgnbd alpha)" 4.409188 4.418015 alpha &&
	band "$(param params bgnbd a)" 0.792129 0.793715 a &&
	band "$(param params bgnbd b)" 2.423481 2.428333 b &&
	band "$(param params bgnbd ll)" -9582.4392 -9582.4192 ll
'

test_expect_success 'crm-value --predict --params: the same BG/NBD and the README Gamma-Gamma' '
	crm-value --predict 273 --params --as-of $END >params.value &&
	head -n 6 params.value >bg &&
	test_cmp_nonempty params bg &&
	tail -n +7 params.value | cut -f 1,2 >names &&
	tsv expect <<-\EOF &&
	gammagamma|p
	gammagamma|q
	gammagamma|v
	gammagamma|ll
	EOF
	test_cmp expect names &&
	band "$(param params.value gammagamma p)" 6.243322 6.255822 p &&
	band "$(param params.value gammagamma q)" 3.740481 3.747969 q &&
	band "$(param params.value gammagamma v)" 15.428078 15.458966 v &&
	band "$(param params.value gammagamma ll)" -4055.9277 -4055.9077 ll
'

test_expect_success 'the printed log-likelihood is that of the printed parameters, and a maximum' '
	set -- $(bg_params params) &&
	bgnbd_ll "$@" <hist >ll &&
	near "$(cat ll)" "$(param params bgnbd ll)" 0.0001 "LL at the printed parameters" &&
	best=$(cat ll) &&
	moved "$*" 0.999 1.001 >moved &&
	while read -r r al a b
	do
		ll=$(bgnbd_ll $r $al $a $b <hist) &&
		awk -v l="$ll" -v best="$best" "BEGIN { exit !(l < best + 1e-6) }" ||
		{ echo "LL $ll at $r $al $a $b beats $best"; return 1; }
	done <moved
'

test_expect_success '--as-of ignores later purchases: the calibration rows alone fit the same' '
	crm-init --db calib.db &&
	crm-add --db calib.db <customers.tsv >ids &&
	crm-sale --db calib.db <calib.tsv 2>err &&
	printf "crm-sale: 4960 added, 0 already recorded\ncrm-sale: no ref column: running this input again records its sales again\n" >expect &&
	test_cmp expect err &&
	crm-value --db calib.db --predict 273 --params --as-of $END >params.calib &&
	paste params.value params.calib | tail -n +2 >both &&
	awk -F "\t" "{ d = \$3 - \$6; if (d < 0) d = -d; s = \$3 < 0 ? -\$3 : \$3
		if (\$1 != \$4 || \$2 != \$5 || d > 5e-7 * s) { print \"differs:\", \$0; bad = 1 } }
		END { exit bad }" both &&
	crm-value --predict 273 --as-of $END >predict &&
	crm-value --db calib.db --predict 273 --as-of $END >predict.calib &&
	test_cmp_nonempty predict predict.calib &&
	crm-lapsed --model bgnbd --as-of $END >lapsed &&
	crm-lapsed --db calib.db --model bgnbd --as-of $END >lapsed.calib &&
	test_cmp_nonempty lapsed lapsed.calib
'

test_expect_success '--as-of matters: fitted as of today, T runs to today' '
	crm-lapsed --db calib.db --model bgnbd --params >params.today &&
	! test_cmp params params.today
'

# Customer 1: 1997-01-01, 01-18, 08-02 up to the end (12-12 is later):
# x = 2, t_x = 213 days, T = 272 days.  Customer 3: one purchase, x = 0.
# Customer 59: 1997-01-04 and 1997-09-30, the end date: x = 1, t_x = T =
# 269 days, so P(alive) = 1 / (1 + a / b).
test_expect_success 'the histories of customers 1, 3 and 59' '
	grep -E "^(1|3|59) " hist >actual &&
	cat >expect <<-\EOF &&
	1 2 213 272 22.345000
	3 0 0 272 0.000000
	59 1 269 269 6.490000
	EOF
	test_cmp expect actual
'

test_expect_success 'P(alive) is 1 for every customer without a repeat purchase' '
	awk "\$2 == 0 { print \$1 }" hist | sort >zero &&
	awk -F "\t" "NR > 1 && \$4 == \"1.0000\" { print \$1 }" predict | sort >one &&
	test_line_count = 1411 zero &&
	comm -23 zero one >missing &&
	test_must_be_empty missing &&
	grep "^3${TAB}" predict | cut -f 4 >actual &&
	echo 1.0000 >expect &&
	test_cmp expect actual
'

test_expect_success 'P(alive) of a repeat buyer follows from the parameters' '
	set -- $(bg_params params.value) &&
	grep "^1 " hist | p_alive_of "$@" >expect &&
	grep "^1${TAB}" predict | cut -f 1,4 | tr "\t" " " >actual &&
	test_cmp expect actual
'

test_expect_success 'P(alive) of a customer seen on the end date is 1/(1 + a/b)' '
	awk -v a="$(param params.value bgnbd a)" -v b="$(param params.value bgnbd b)" \
		"BEGIN { printf \"59 %.4f\\n\", 1 / (1 + a / b) }" >expect &&
	grep "^59${TAB}" predict | cut -f 1,4 | tr "\t" " " >actual &&
	test_cmp expect actual
'

test_expect_success 'P(alive) of every customer follows from the parameters' '
	set -- $(bg_params params.value) &&
	p_alive_of "$@" <hist >expect &&
	tail -n +2 predict | cut -f 1,4 | tr "\t" " " >actual &&
	awk "NR == FNR { want[\$1] = \$2; next }
		{ d = want[\$1] - \$2; if (d < 0) d = -d
		  if (!(\$1 in want) || d > 0.00005 + 1e-9) { print \"customer\", \$1, want[\$1], \$2; bad = 1 } n++ }
		END { if (n != 2357) { print n, \"customers compared\"; bad = 1 } exit bad }" expect actual
'

test_expect_success 'expected purchases, spend and value of customers 1, 3 and 59' '
	set -- $(bg_params params.value) \
		$(param params.value gammagamma p) $(param params.value gammagamma q) \
		$(param params.value gammagamma v) &&
	grep -E "^(1|3|59) " hist | expected_of "$@" 39 >want &&
	grep -E "^(1|3|59)${TAB}" predict >got &&
	test_line_count = 3 got &&
	while read -r id e s v
	do
		line=$(grep "^$id${TAB}" got) &&
		near "$(echo "$line" | cut -f 3)" "$e" 0.00005 "customer $id expected_purchases" &&
		near "$(echo "$line" | cut -f 5)" "$s" 0.005 "customer $id expected_spend" &&
		near "$(echo "$line" | cut -f 6)" "$v" 0.005 "customer $id predicted_value" ||
		return 1
	done <want
'

test_expect_success 'a customer without repeat purchases is expected to spend p v / (q - 1)' '
	awk -v p="$(param params.value gammagamma p)" -v q="$(param params.value gammagamma q)" \
		-v v="$(param params.value gammagamma v)" "BEGIN { printf \"%.2f\\n\", p * v / (q - 1) }" >expect &&
	grep "^3${TAB}" predict | cut -f 5 >actual &&
	test_cmp expect actual
'

test_expect_success '--summary: every customer, the sum of the rounded values' '
	crm-value --predict 273 --summary --as-of $END >summary &&
	head -n 1 summary >actual &&
	printf "customers\texpected_purchases\tpredicted_value\n" >expect &&
	test_cmp expect actual &&
	tail -n +2 predict | awk -F "\t" "{ n++; e += \$3; split(\$6, d, \".\"); c += d[1] * 100 + d[2] }
		END { printf \"%d %.4f %d.%02d\\n\", n, e, c / 100, c % 100 }" >rows &&
	tail -n 1 summary | tr "\t" " " >sum &&
	test "$(cut -d " " -f 1 sum)" = 2357 &&
	test "$(cut -d " " -f 3 sum)" = "$(cut -d " " -f 3 rows)" &&
	near "$(cut -d " " -f 2 sum)" "$(cut -d " " -f 2 rows)" 0.12 "sum of expected purchases"
'

test_expect_success 'the operand - forecasts some customers with the fit on everyone' '
	printf "59\n1\n" | crm-value --predict 273 --as-of $END - >actual &&
	sed -n -e 1p -e "/^1${TAB}/p" -e "/^59${TAB}/p" predict >expect &&
	test_cmp_nonempty expect actual &&
	printf "59\n1\n" | crm-value --predict 273 --params --as-of $END - >actual &&
	test_cmp_nonempty params.value actual
'

test_expect_success 'crm-lapsed --model bgnbd: P(alive) below 0.5, with the p_alive column' '
	crm-lapsed --model bgnbd --as-of $END >lapsed &&
	head -n 1 lapsed >actual &&
	printf "id\tname\tcategory\tlast_purchase\tdays_silent\tpurchases\tnet\tusual_gap\tp_alive\tstatus\n" >expect &&
	test_cmp expect actual &&
	set -- $(bg_params params) &&
	p_alive_of "$@" 12 <hist | awk "\$2 < 0.5 { print \$1 }" >expect &&
	tail -n +2 lapsed | cut -f 1 >actual &&
	test_cmp expect actual &&
	p_alive_of "$@" <hist >pa &&
	tail -n +2 lapsed | cut -f 1,9 | tr "\t" " " >actual &&
	awk "NR == FNR { want[\$1] = \$2; next } want[\$1] != \$2 { print; bad = 1 }
		END { exit bad }" pa actual
'

test_expect_success 'crm-lapsed --model bgnbd: columns of customer 2' '
	grep "^2${TAB}" lapsed >actual &&
	set -- $(bg_params params) &&
	pa=$(grep "^2 " hist | p_alive_of "$@" | cut -d " " -f 2) &&
	printf "2\tCDNOW 0002\tregular\t1997-01-13\t260\t2\t75.11\t12\t%s\tactive\n" "$pa" >expect &&
	test_cmp expect actual
'

test_expect_success '--below 1 lists exactly the repeat buyers (x = 0 has P(alive) 1)' '
	crm-lapsed -H --model bgnbd --below 1 --as-of $END | cut -f 1 >actual &&
	awk "\$2 > 0 { print \$1 }" hist >expect &&
	test_cmp expect actual
'

test_expect_success '--below P with four decimals lists P(alive) < P' '
	set -- $(bg_params params) &&
	for below in 0.2125 0.0107 0.9999
	do
		crm-lapsed -H --model bgnbd --below $below --as-of $END | cut -f 1 >actual &&
		p_alive_of "$@" 12 <hist | awk -v p=$below "\$2 < p { print \$1 }" >expect &&
		test_cmp expect actual || return 1
	done &&
	grep -x 2 expect
'

# ---------------------------------------------------------------------------
# Hand-made data: 18 customers, as of 2025-03-31.  Days before 03-31:
# 01-01 89, 01-03 87, 01-04 86, 01-05 85, 01-06 84, 01-07 83, 01-08 82,
# 01-09 81, 01-12 78, 01-15 75, 01-20 70, 01-25 65, 02-01 58, 02-05 54,
# 02-10 49, 02-14 45, 02-20 39, 03-03 28, 03-22 9, 03-28 3.
#
#  id  purchase days                          x  t_x  T   (days)
#   1  01-01                                  0   0   89
#   2  01-15                                  0   0   75
#   3  01-01 03-31                            1  89   89   seen on the end date
#   4  01-01 08 15 22 29                      4  28   89
#   5  01-05 02-05                            1  31   85
#   6  01-01 08 15 22 02-01 08 15 22 03-01
#      03-08 15 22                           11  80   89
#   7  01-02 01-09                            1   7   88
#   8  01-03 03-03                            1  59   87
#   9  01-04 02-14 03-28                      2  83   86
#  10  01-06 01-07                            1   1   84
#  11  01-08 02-20                            1  43   82
#  12  01-12 02-12 03-31                      2  78   78   seen on the end date
#  13  02-01                                  0   0   58
#  14  01-20                                  0   0   70
#  15  01-25                                  0   0   65
#  16  02-10                                  0   0   49
#  17, 18: never bought

TINY_AS_OF=2025-03-31
cat >tiny.hist <<\EOF
1 0 0 89
2 0 0 75
3 1 89 89
4 4 28 89
5 1 31 85
6 11 80 89
7 1 7 88
8 1 59 87
9 2 83 86
10 1 1 84
11 1 43 82
12 2 78 78
13 0 0 58
14 0 0 70
15 0 0 65
16 0 0 49
EOF

# tiny NAME [LINE...]: a database NAME.db with the hand-made data, plus
# the purchase lines given ("customer|date|amount").
tiny () {
	tiny_db_=$1
	shift
	crm-init --db "$tiny_db_.db" &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 18; i++) print \"M\" i }" |
	crm-add -q --db "$tiny_db_.db" &&
	write_tsv "$tiny_db_.extra" "$@" &&
	cat "$TRASH/tiny.tsv" "$tiny_db_.extra" | crm-sale -q --db "$tiny_db_.db"
}

test_expect_success 'hand-made data: setup' '
	tsv tiny.tsv <<-\EOF &&
	customer|date|amount
	1|2025-01-01|10.00
	2|2025-01-15|20.00
	3|2025-01-01|30.00
	3|2025-03-31|12.00
	4|2025-01-01|5.00
	4|2025-01-08|6.00
	4|2025-01-15|7.00
	4|2025-01-22|7.00
	4|2025-01-29|7.00
	5|2025-01-05|8.00
	5|2025-02-05|9.00
	6|2025-01-01|10.00
	6|2025-01-08|11.00
	6|2025-01-15|12.00
	6|2025-01-22|13.00
	6|2025-02-01|13.00
	6|2025-02-08|13.00
	6|2025-02-15|13.00
	6|2025-02-22|13.00
	6|2025-03-01|13.00
	6|2025-03-08|13.00
	6|2025-03-15|13.00
	6|2025-03-22|13.00
	7|2025-01-02|14.00
	7|2025-01-09|15.00
	8|2025-01-03|16.00
	8|2025-03-03|17.00
	9|2025-01-04|18.00
	9|2025-02-14|19.00
	9|2025-03-28|20.00
	10|2025-01-06|21.00
	10|2025-01-07|22.00
	11|2025-01-08|23.00
	11|2025-02-20|24.00
	12|2025-01-12|25.00
	12|2025-02-12|26.00
	12|2025-03-31|27.00
	13|2025-02-01|28.00
	14|2025-01-20|5.00
	15|2025-01-25|6.00
	16|2025-02-10|7.00
	EOF
	hist $TINY_AS_OF <tiny.tsv | cut -d " " -f 1-4 >actual &&
	test_cmp tiny.hist actual &&
	tiny base &&
	crm-value --db base.db --predict 30 --params --as-of $TINY_AS_OF >tiny.params &&
	test_line_count = 10 tiny.params
'

test_expect_success 'hand-made data: the printed LL is that of the parameters, and a maximum' '
	set -- $(bg_params tiny.params) &&
	bgnbd_ll "$@" <tiny.hist >ll &&
	near "$(cat ll)" "$(param tiny.params bgnbd ll)" 0.000001 "LL at the printed parameters" &&
	best=$(cat ll) &&
	moved "$*" 0.99 1.01 >moved &&
	while read -r r al a b
	do
		ll=$(bgnbd_ll $r $al $a $b <tiny.hist) &&
		awk -v l="$ll" -v best="$best" "BEGIN { exit !(l < best) }" ||
		{ echo "LL $ll at $r $al $a $b beats $best"; return 1; }
	done <moved
'

test_expect_success 'hand-made data: P(alive) with t_x = T is 1/(1 + a/(b + x - 1))' '
	a=$(param tiny.params bgnbd a) &&
	b=$(param tiny.params bgnbd b) &&
	awk -v a="$a" -v b="$b" "BEGIN { printf \"3\\t%.4f\\n12\\t%.4f\\n\", 1 / (1 + a / b), 1 / (1 + a / (b + 1)) }" >expect &&
	crm-value --db base.db --predict 30 --as-of $TINY_AS_OF >tiny.predict &&
	grep -E "^(3|12)${TAB}" tiny.predict | cut -f 1,4 >actual &&
	test_cmp expect actual &&
	crm-lapsed --db base.db --model bgnbd --below 1 --as-of $TINY_AS_OF >tiny.lapsed &&
	grep -E "^(3|12)${TAB}" tiny.lapsed | cut -f 1,9 >actual &&
	test_cmp expect actual &&
	grep -E "^(3|12)${TAB}" tiny.lapsed | cut -f 4,5 >actual &&
	printf "2025-03-31\t0\n2025-03-31\t0\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'hand-made data: P(alive) of everyone; never-buyers are not forecast' '
	set -- $(bg_params tiny.params) &&
	p_alive_of "$@" <tiny.hist >expect &&
	tail -n +2 tiny.predict | cut -f 1,4 | tr "\t" " " >actual &&
	test_cmp expect actual
'

test_expect_success 'hand-made data: spend and value follow from the parameters' '
	set -- $(bg_params tiny.params) \
		$(param tiny.params gammagamma p) $(param tiny.params gammagamma q) \
		$(param tiny.params gammagamma v) &&
	hist $TINY_AS_OF <tiny.tsv | expected_of "$@" $(awk "BEGIN { print 30 / 7 }") >want &&
	tail -n +2 tiny.predict >got &&
	test_line_count = 16 got &&
	while read -r id e s v
	do
		line=$(grep "^$id${TAB}" got) &&
		near "$(echo "$line" | cut -f 3)" "$e" 0.00005 "customer $id expected_purchases" &&
		near "$(echo "$line" | cut -f 5)" "$s" 0.005 "customer $id expected_spend" &&
		near "$(echo "$line" | cut -f 6)" "$v" 0.005 "customer $id predicted_value" ||
		return 1
	done <want
'

test_expect_success 'hand-made data: purchases after --as-of change nothing' '
	tiny later "1|2025-04-01|50.00" "2|2025-05-01|0.00" "3|2025-04-15|9.00" "17|2025-04-02|8.00" &&
	crm-value --db later.db --predict 30 --params --as-of $TINY_AS_OF >actual &&
	test_cmp_nonempty tiny.params actual &&
	crm-value --db later.db --predict 30 --as-of $TINY_AS_OF >actual &&
	test_cmp_nonempty tiny.predict actual
'

test_expect_success 'hand-made data: same-day rows are one transaction' '
	tiny sameday "5|2025-02-05|1.00" "5|2025-02-05|0.00" "1|2025-01-01|3.00" &&
	crm-lapsed --db sameday.db --model bgnbd --params --as-of $TINY_AS_OF >actual &&
	head -n 6 tiny.params >expect &&
	test_cmp expect actual
'

test_expect_success 'hand-made data: returns are not purchases' '
	tiny returns "1|2025-02-01|-4.00" "18|2025-02-01|-5.00" "4|2025-03-31|-5.00" &&
	crm-lapsed --db returns.db --model bgnbd --params --as-of $TINY_AS_OF >actual &&
	head -n 6 tiny.params >expect &&
	test_cmp expect actual &&
	crm-value --db returns.db --predict 30 --as-of $TINY_AS_OF | cut -f 1 >actual &&
	cut -f 1 tiny.predict >expect &&
	test_cmp expect actual
'

# Customer 2 buys a free sample on the end date: x = 1, t_x = T, and so
# P(alive) = 1/(1 + a/b) at the new parameters.
test_expect_success 'hand-made data: a purchase of 0.00 is a purchase' '
	tiny free "2|2025-03-31|0.00" &&
	crm-lapsed --db free.db --model bgnbd --params --as-of $TINY_AS_OF >free.params &&
	! test_cmp tiny.params free.params &&
	awk -v a="$(param free.params bgnbd a)" -v b="$(param free.params bgnbd b)" \
		"BEGIN { printf \"2\\t%.4f\\n\", 1 / (1 + a / b) }" >expect &&
	crm-lapsed --db free.db --model bgnbd --below 1 --as-of $TINY_AS_OF | grep "^2${TAB}" | cut -f 1,9 >actual &&
	test_cmp expect actual
'

test_expect_success 'hand-made data: repeat days that cost nothing are left out of Gamma-Gamma' '
	tiny nocost "17|2025-01-01|10.00" "17|2025-02-01|0.00" &&
	crm-value --db nocost.db --predict 30 --params --as-of $TINY_AS_OF >actual &&
	tail -n 4 tiny.params >expect &&
	tail -n 4 actual >gg &&
	test_cmp expect gg &&
	head -n 6 actual >bg &&
	! test_cmp tiny.params bg
'

# ---------------------------------------------------------------------------
# When the data cannot support a fit

test_expect_success 'too few repeat buyers: exit 65 with a clear message' '
	crm-init --db few.db &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 12; i++) print \"F\" i }" |
	crm-add -q --db few.db &&
	awk "BEGIN { print \"customer\tdate\tamount\"
		for (i = 1; i <= 9; i++) printf \"%d\t2025-01-0%d\t5.00\n%d\t2025-02-0%d\t6.00\n\", i, i, i, i
		print \"10\t2025-01-10\t7.00\"; print \"11\t2025-01-11\t7.00\" }" >few.tsv &&
	crm-sale -q --db few.db <few.tsv &&
	test_refused 65 "^crm-lapsed: .*(too few|at least 10)" crm-lapsed --db few.db --model bgnbd &&
	test_refused 65 "^crm-lapsed: .*(too few|at least 10)" crm-lapsed --db few.db --model bgnbd --params &&
	test_refused 65 "^crm-value: .*(too few|at least 10)" crm-value --db few.db --predict 30
'

test_expect_success 'ten repeat buyers are enough for BG/NBD' '
	crm-sale -q --db few.db 10 8.00 --date 2025-02-10 &&
	crm-lapsed --db few.db --model bgnbd --params >out &&
	test_line_count = 6 out
'

test_expect_success 'no one-time buyer: exit 65' '
	crm-sale -q --db few.db 11 8.00 --date 2025-02-11 &&
	test_refused 65 "^crm-lapsed: .*(too few|did not)" crm-lapsed --db few.db --model bgnbd &&
	test_refused 65 "^crm-value: .*(too few|did not)" crm-value --db few.db --predict 30
'

# BUG: passes in the normal build but fails under make check SANITIZE=1:
# with no purchase in the database crm_fit_models (src/lib/fit.c:86) calls
# qsort(NULL, 0, ...), which UBSan reports ("null pointer passed as
# argument 1, which is declared to never be null") and aborts.  Reproduce:
#   make SANITIZE=1; crm-init --db e.db; crm-add --db e.db --name X
#   build-san/bin/crm-lapsed --db e.db --model bgnbd   -> signal 6
test_expect_success 'no purchases at all: exit 65' '
	crm-init --db empty.db &&
	crm-add -q --db empty.db --name Nobody &&
	test_refused 65 "^crm-lapsed: .*too few" crm-lapsed --db empty.db --model bgnbd &&
	test_refused 65 "^crm-value: .*too few" crm-value --db empty.db --predict 30
'

test_expect_success 'nine repeat buyers with spend: Gamma-Gamma refuses (65), BG/NBD fits' '
	crm-init --db spend.db &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 12; i++) print \"S\" i }" |
	crm-add -q --db spend.db &&
	awk "BEGIN { print \"customer\tdate\tamount\"
		for (i = 1; i <= 9; i++) printf \"%d\t2025-01-0%d\t5.00\n%d\t2025-02-0%d\t6.00\n\", i, i, i, i
		print \"10\t2025-01-10\t7.00\"; print \"10\t2025-02-10\t0.00\"
		print \"11\t2025-01-11\t7.00\" }" >spend.tsv &&
	crm-sale -q --db spend.db <spend.tsv &&
	crm-lapsed --db spend.db --model bgnbd --params >out &&
	test_line_count = 6 out &&
	test_refused 65 "^crm-value: .*Gamma-Gamma" crm-value --db spend.db --predict 30
'

# Twelve customers who buy the same amount on the same day of each month
# from January to June, amounts from 1.00 to 5000000.00, and two who bought
# once: the spend across customers is so spread that the Gamma-Gamma fit
# has q < 1, where the population mean spend p v / (q - 1) does not exist.
#
# BUG: crm-value --predict then prints -92233720368547758.08 as the
# expected_spend and predicted_value of the customers without a repeat
# purchase (crm_gg_expected_spend returns NaN and put_prediction in
# src/crm-value.c passes it to llround), and adds those to the --summary
# total (a signed overflow).  Reproduce with the data below:
#   crm-value --predict 30 --params | grep "gammagamma.q"   -> 0.2078...
#   crm-value --predict 30 | tail -n 2   -> -92233720368547758.08 twice
# Under make check SANITIZE=1, UBSan stops it at src/crm-value.c:464
# ("signed integer overflow" in sum->value += value).
test_expect_success 'no mean spend (Gamma-Gamma q <= 1): no garbage amounts' '
	crm-init --db wide.db &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 14; i++) print \"W\" i }" |
	crm-add -q --db wide.db &&
	{
		printf "customer\tdate\tamount\n" &&
		i=0 &&
		for amount in 1.00 1.50 2.00 3.00 5.00 8.00 20.00 100.00 900.00 20000.00 900000.00 5000000.00
		do
			i=$((i + 1)) &&
			for month in 01 02 03 04 05 06
			do
				printf "%d\t2025-%s-%02d\t%s\n" $i $month $i $amount || return 1
			done
		done &&
		printf "13\t2025-01-20\t5.00\n14\t2025-01-21\t5.00\n"
	} >wide.tsv &&
	crm-sale -q --db wide.db <wide.tsv &&
	crm-value --db wide.db --predict 30 --params >wide.params &&
	awk -v q="$(param wide.params gammagamma q)" "BEGIN { exit !(q <= 1) }" &&
	crm-value --db wide.db --predict 30 -H >wide.predict &&
	test_line_count = 14 wide.predict &&
	awk -F "\t" "\$5 !~ /^([0-9]+\.[0-9][0-9])?\$/ || \$6 !~ /^([0-9]+\.[0-9][0-9])?\$/ { print; bad = 1 }
		END { exit bad }" wide.predict &&
	crm-value --db wide.db --predict 30 --summary -H >wide.summary &&
	awk -F "\t" "\$3 !~ /^[0-9]+\.[0-9][0-9]\$/ { print; bad = 1 } END { exit bad }" wide.summary
'

# ---------------------------------------------------------------------------
# Bad options

test_expect_success '--below 1.5 and --below 0 are 64' '
	test_refused 64 "^crm-lapsed: .*--below.*1\.5" crm-lapsed --model bgnbd --below 1.5 &&
	test_refused 64 "^crm-lapsed: .*--below" crm-lapsed --model bgnbd --below 0 &&
	test_refused 64 "^crm-lapsed: .*--below" crm-lapsed --model bgnbd --below -0.5 &&
	test_refused 64 "^crm-lapsed: .*--below" crm-lapsed --model bgnbd --below 0.00001 &&
	test_refused 64 "^crm-lapsed: .*--below" crm-lapsed --model bgnbd --below abc
'

test_expect_success '--predict out of range, --summary or --params alone are 64' '
	test_refused 64 "^crm-value: .*--predict" crm-value --predict 0 &&
	test_refused 64 "^crm-value: .*--predict" crm-value --predict 36501 &&
	test_refused 64 "^crm-value: .*--predict" crm-value --predict 1.5 &&
	test_refused 64 "^crm-value: .*--summary" crm-value --summary &&
	test_refused 64 "^crm-value: .*--params" crm-value --params
'

test_done
