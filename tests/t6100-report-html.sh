#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-report --html: a well-formed, self-contained page with SVG charts, replaced atomically, rendered by a headless browser'
. "$(dirname "$0")/lib.sh"

# The data set of t6000-report.sh (see there for every figure): twelve
# customers over 2024 and 2025, the report of the morning of 2025-06-15, new
# since 2025-06-01.  All five charts have data: net revenue per month
# (2024 and 2025), profit by category (vip 139.50, regular 83.00, employee
# 5.00, problem 0.00), the share of the top customers (9 ranked), lapsed and
# lost customers per month (Bo lapsed in April, Eli and Hal in June; Liv
# lost in February, Dag in June), survey scores (5 surveys this year).

# shellcheck source=SCRIPTDIR/report-fixture.sh
. "$TEST_DIRECTORY/report-fixture.sh"

test_lazy_prereq XMLLINT 'command -v xmllint'
test_lazy_prereq CHROMIUM 'command -v chromium'

# svg_count FILE: the number of <svg elements in FILE
svg_count () {
	grep -o "<svg" "$1" | wc -l | tr -d " "
}

# charts FILE: the ids of the charts in FILE, in order, one a line
charts () {
	grep -o "aria-labelledby=\"c-[a-z]*-t\"" "$1" | sed -e "s/.*\"\(c-[a-z]*\)-t\"/\1/"
}

# sections FILE: the ids of the sections of the page, in order
sections () {
	grep -o "<section id=\"[a-z]*\"" "$1" | sed -e "s/.*id=\"\([a-z]*\)\"/\1/"
}

# nodata FILE: the sentences said instead of figures or charts
nodata () {
	grep -o "class=\"nodata\">[^<]*" "$1" | sed -e "s/^class=\"nodata\">//"
}

# svg_numbers_ok FILE: every coordinate and size in the charts is a plain
# decimal number (no NaN, no infinity, no decimal comma), and no width or
# height is negative
svg_numbers_ok () {
	grep -o -E " (x|y|x1|y1|x2|y2|cx|cy|r|width|height|rx)=\"[^\"]*\"" "$1" |
		sed -e "s/^ [a-z0-9]*=\"//" -e "s/\"\$//" >"$TRASH/.crm-test/numbers" &&
	if grep -v -E "^-?[0-9]+(\.[0-9]+)?%?\$" "$TRASH/.crm-test/numbers"
	then
		echo "not a number in a chart of $1 (above)"
		return 1
	fi &&
	if grep -n -E " (width|height)=\"-" "$1"
	then
		echo "a negative size in $1 (above)"
		return 1
	fi &&
	if grep -n -E " points=\"[^\"]*[^-0-9., ][^\"]*\"| d=\"[^\"]*[^-0-9.MLZ ][^\"]*\"" "$1"
	then
		echo "a path or polyline of $1 has something other than numbers"
		return 1
	fi
}

# no_nan FILE...: no NaN or infinity anywhere
no_nan () {
	if grep -n -i -w -E "nan|-?inf|-?infinity" "$@"
	then
		echo "NaN or infinity in $* (above)"
		return 1
	fi
}

# run_chromium ARGS...: Debian's chromium, headless, with a profile in the
# trash directory, logging (console messages included) on stderr
run_chromium () {
	if test_have timeout
	then
		set -- timeout 120 chromium "$@"
	else
		set -- chromium "$@"
	fi
	"$@" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$TRASH/chrome" --enable-logging=stderr --v=0
}

# screenshot PAGE PNG: a 420 x 2000 screenshot of PAGE (a file in the trash)
screenshot () {
	run_chromium --screenshot="$TRASH/$2" --window-size=420,2000 \
		"file://$TRASH/$1"
}

# dump_dom PAGE: the DOM of PAGE after loading, on stdout
dump_dom () {
	run_chromium --dump-dom "file://$TRASH/$1"
}

# console_lines FILE: chromium's console messages and uncaught errors
# logged in FILE (its stderr); fails when there are none
console_lines () {
	grep -i -E "console|uncaught" "$1"
}

# png_size FILE: "WIDTH HEIGHT" of a PNG, read from its IHDR chunk
png_size () {
	sig_=$(od -A n -t x1 -N 8 "$1" | tr -d " \n") || return 1
	if test "$sig_" != 89504e470d0a1a0a
	then
		echo "$1 is not a PNG (it starts with $sig_)"
		return 1
	fi
	# shellcheck disable=SC2046
	set -- $(od -A n -t u1 -j 16 -N 8 "$1")
	echo "$(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 )) $(( ($5 << 24) + ($6 << 16) + ($7 << 8) + $8 ))"
}

REPORT='--as-of 2025-06-15 --since 2025-06-01'

test_expect_success 'setup: the data set and its page' '
	setup_data &&
	crm-report $REPORT --html report.html >stdout 2>err &&
	test_must_be_empty err &&
	test -s report.html
'

test_expect_success 'the page is written and the text report printed as well' '
	crm-report $REPORT >text 2>err &&
	test_must_be_empty err &&
	test_cmp_nonempty text stdout &&
	head -n 1 stdout >actual &&
	echo "crm report for 2025-06-15 (new since 2025-06-01)" >expect &&
	test_cmp expect actual
'

test_expect_success XMLLINT 'the page is well-formed XML (xmllint)' '
	xmllint --noout report.html 2>err &&
	test_must_be_empty err
'

test_expect_success 'five charts when all of them have data' '
	echo 5 >expect &&
	svg_count report.html >actual &&
	test_cmp expect actual &&
	charts report.html >actual &&
	printf "%s\n" c-months c-cats c-curve c-churn c-scores >expect &&
	test_cmp expect actual &&
	svg_numbers_ok report.html &&
	no_nan report.html &&
	nodata report.html >actual &&
	test_must_be_empty actual
'

test_expect_success 'self-contained: no script, nothing loaded from elsewhere' '
	if grep -n -i "<script" report.html
	then
		echo "a script in the page" && false
	fi &&
	sed -e "s/ xmlns\(:[a-z]*\)\{0,1\}=\"[^\"]*\"//g" report.html >stripped &&
	if grep -n -i -E "https?:|ftp:|//[a-z0-9.-]+\.[a-z]" stripped
	then
		echo "an address in the page (above)" && false
	fi &&
	if grep -n -i -E "<(link|img|iframe|object|embed|audio|video|source|image|use)[ >/]|(src|href|xlink:href|srcset|action)=|url\(|@import" report.html
	then
		echo "something to load in the page (above)" && false
	fi
'

test_expect_success 'the sections in the default order, with the figures of the report' '
	sections report.html >actual &&
	printf "%s\n" sales customers categories top lapsed lost referrals complaints bonus segments >expect &&
	test_cmp expect actual &&
	grep -F "<span class=\"up\">+170.0%</span>" report.html &&
	grep -F "<span class=\"up\">+176.5%</span>" report.html &&
	grep -F "<span class=\"up\">+16.8%</span>" report.html &&
	grep -F "<p>Most profitable this year: <strong>vip</strong>, profit 139.50, 61.3% of all profit.</p>" report.html &&
	grep -F "(2 customers) hold <strong>54.2%</strong> of net revenue this year." report.html &&
	grep -F "<p><strong>2</strong> customers newly lapsed: no purchase for 90 days." report.html &&
	grep -F "<p><strong>1</strong> customer lost since 2025-06-01.</p>" report.html &&
	grep -F "<p><strong>3</strong> open complaints, oldest first.</p>" report.html &&
	grep -F "5 surveys, mean 3.6 of 5" report.html
'

test_expect_success '--sections chooses and orders the sections of the page too' '
	crm-report $REPORT --sections top,sales --html chosen.html >/dev/null &&
	sections chosen.html >actual &&
	printf "%s\n" top sales >expect &&
	test_cmp expect actual &&
	charts chosen.html >actual &&
	printf "%s\n" c-curve c-months >expect &&
	test_cmp expect actual
'

test_expect_success 'lapsed and lost share one chart, drawn with the first of them' '
	crm-report $REPORT --sections lost,lapsed --html churn.html >/dev/null &&
	charts churn.html >actual &&
	echo c-churn >expect &&
	test_cmp expect actual &&
	sed -n "/<section id=\"lost\">/,/<\/section>/p" churn.html >lost-section &&
	charts lost-section >actual &&
	test_cmp expect actual &&
	crm-report $REPORT --sections lapsed --html churn.html >/dev/null &&
	charts churn.html >actual &&
	test_cmp expect actual
'

test_expect_success '--format json writes the same page' '
	crm-report $REPORT --format json --html json.html >json-stdout &&
	test_cmp_nonempty report.html json.html &&
	head -c 1 json-stdout >actual &&
	printf "{" >expect &&
	test_cmp expect actual
'

# The writer: 20 reports one after the other, then how many succeeded in
# writer.status.
start_writer () {
	rm -f writer.status writer.err
	(
		i=0
		while test "$i" -lt 20
		do
			# shellcheck disable=SC2086
			crm-report $REPORT --html live.html >/dev/null 2>>writer.err || break
			i=$((i + 1))
		done
		echo "$i" >writer.status
	) &
	writer=$!
}

# The reader copies the page as fast as it can while the writer runs, and
# only then checks every copy with xmllint, so as to read many of them.
# It reads with cat, which opens the name once, as a web server does: GNU
# cp stats the name, then opens it, and refuses a file renamed over in
# between ("replaced while being copied"), which is no half page.
test_expect_success XMLLINT 'the page is replaced atomically: a reader never sees half a page' '
	crm-report $REPORT --html live.html >/dev/null &&
	mkdir copies &&
	start_writer &&
	n=0 && missing=0 &&
	while ! test -s writer.status && test $n -lt 5000
	do
		n=$((n + 1))
		cat live.html >copies/$n.html 2>>copy.err || missing=$((missing + 1))
	done &&
	wait "$writer" &&
	copies=$(find copies -name "*.html" | wc -l) &&
	echo "$copies copies read while the page was written 20 times, $missing times no page" &&
	echo 20 >expect &&
	test_cmp expect writer.status &&
	test_must_be_empty writer.err &&
	test "$missing" = 0 &&
	test "$copies" -gt 0 &&
	find copies -name "*.html" -exec xmllint --noout {} + &&
	xmllint --noout live.html &&
	test_cmp_nonempty report.html live.html
'

test_expect_success 'no temporary file is left beside the page' '
	find . -maxdepth 1 -name "*.html?*" >left &&
	test_must_be_empty left
'

test_expect_success 'the page gets the mode the umask gives' '
	(umask 022 && crm-report $REPORT --html m022.html >/dev/null) &&
	test_file_mode -rw-r--r-- m022.html &&
	(umask 077 && crm-report $REPORT --html m077.html >/dev/null) &&
	test_file_mode -rw------- m077.html &&
	(umask 002 && crm-report $REPORT --html m002.html >/dev/null) &&
	test_file_mode -rw-rw-r-- m002.html
'

# The old name was PAGE.tmp<pid>: a shell that plants links at its own pid
# and the next ones, then execs the command, has it use one of them.
test_expect_success 'links planted at the temporary names of old leave their victim alone' '
	mkdir plant &&
	echo "precious" >victim &&
	chmod 600 victim &&
	cp victim victim.orig &&
	sh -c "for i in 0 1 2 3 4 5 6 7 8 9; do ln -s ../victim plant/p.html.tmp\$((\$\$ + i)) || exit 1; done; exec crm-report $REPORT --html plant/p.html" >/dev/null &&
	test_cmp victim.orig victim &&
	test_file_mode -rw------- victim &&
	test -f plant/p.html && ! test -h plant/p.html &&
	test_cmp_nonempty report.html plant/p.html
'

test_expect_success 'a page that is a link is replaced, its victim left alone' '
	ln -s ../victim plant/link.html &&
	crm-report $REPORT --html plant/link.html >/dev/null &&
	test_cmp victim.orig victim &&
	! test -h plant/link.html &&
	test_cmp_nonempty report.html plant/link.html
'

test_expect_success 'the database and its companions are refused (64), nothing written' '
	crm-init --db rh.db &&
	crm-add --db rh.db -q --name Rhea &&
	mkdir rhdir &&
	ln -s .. rhdir/up &&
	ln -s rh.db-wal rhwal &&
	ln -s rh.db-journal rhjournal &&
	ln rh.db rhhard &&
	for f in rh.db ./rh.db rh.db-wal rh.db-shm rh.db-journal rhdir/../rh.db-wal rhdir/up/rh.db-journal rhwal rhjournal rhhard
	do
		db_snapshot rh.before rh.db &&
		crm-ls --db rh.db >/dev/null &&
		test_must_fail_with 64 crm-report --db rh.db --html $f >out 2>err &&
		test_stderr_matches "^crm-report: .*$f.* is the database" err &&
		test_must_be_empty out &&
		test ! -e rh.db-journal &&
		db_snapshot rh.after rh.db &&
		test_cmp rh.before rh.after || return 1
	done
'

# ---------------------------------------------------------------------------
# A real browser

test_expect_success CHROMIUM 'the browser'"'"'s console checks work: a page with errors is caught' '
	printf "%s\n" "<!DOCTYPE html><html><body><p>x</p><script>console.error(42); no_such_function();</script></body></html>" >control.html &&
	dump_dom control.html >control.dom 2>control.err &&
	console_lines control.err
'

test_expect_success CHROMIUM 'a headless browser takes a screenshot of the page: not blank' '
	printf "%s\n" "<!DOCTYPE html>" "<html><head><meta charset=\"utf-8\"/><title>blank</title></head><body></body></html>" >blank.html &&
	screenshot blank.html blank.png 2>blank.err &&
	screenshot report.html shot.png 2>shot.err &&
	test -s shot.png &&
	png_size shot.png >actual &&
	echo "420 2000" >expect &&
	test_cmp expect actual &&
	blank=$(wc -c <blank.png) &&
	shot=$(wc -c <shot.png) &&
	echo "screenshot of a blank page: $blank bytes, of the report: $shot bytes" &&
	test "$shot" -gt $((blank * 5))
'

test_expect_success CHROMIUM 'the browser renders the five charts' '
	dump_dom report.html >report.dom 2>dom.err &&
	grep -i "</html>" report.dom &&
	echo 5 >expect &&
	svg_count report.dom >actual &&
	test_cmp expect actual &&
	charts report.dom >actual &&
	printf "%s\n" c-months c-cats c-curve c-churn c-scores >expect &&
	test_cmp expect actual
'

test_expect_success CHROMIUM 'the browser parses the page as XHTML too' '
	printf "%s\n" "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>unclosed</body></html>" >broken.xhtml &&
	dump_dom broken.xhtml >broken.dom 2>/dev/null &&
	grep parsererror broken.dom &&
	cp report.html report.xhtml &&
	dump_dom report.xhtml >xhtml.dom 2>xhtml.err &&
	! grep parsererror xhtml.dom &&
	echo 5 >expect &&
	svg_count xhtml.dom >actual &&
	test_cmp expect actual
'

test_expect_success CHROMIUM 'the page loads without console errors' '
	for f in shot.err dom.err xhtml.err
	do
		if console_lines $f
		then
			echo "console messages in $f (above)"
			return 1
		fi
	done
'

# ---------------------------------------------------------------------------
# Pages without data

test_expect_success 'an empty database: sentences instead of charts, no NaN' '
	crm-init --db empty.db &&
	crm-report --db empty.db --html empty.html >/dev/null 2>err &&
	test_must_be_empty err &&
	svg_count empty.html >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	no_nan empty.html &&
	nodata empty.html >actual &&
	cat >expect <<-\EOF &&
	No sales yet this year, nor in the same days last year.
	No sales this year or last.
	No new customers since 2025-06-29.
	No sales yet this year.
	No customers with net revenue this year.
	No customers newly lapsed since 2025-06-29 (90 days without a purchase).
	No customers lapsed or were lost this year.
	No customers lost since 2025-06-29.
	No referrers waiting to be thanked.
	No open complaints.
	No survey scores this year.
	No bonus issued, redeemed or reversed since 2025-06-29.
	No customers with purchases to segment.
	EOF
	test_cmp expect actual
'

test_expect_success XMLLINT 'an empty database: the page is well-formed' '
	xmllint --noout empty.html
'

test_expect_success CHROMIUM 'an empty database: the browser shows the page, no chart, no console error' '
	dump_dom empty.html >empty.dom 2>empty.err &&
	grep -F "No sales this year or last." empty.dom &&
	svg_count empty.dom >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	if console_lines empty.err
	then
		echo "console messages (above)" && false
	fi
'

# One customer, who bought yesterday: the months (June 2025 only), the
# category and the top curve are drawn; no lapse, loss or survey.
test_expect_success 'one customer: three charts, the others said in words, no NaN' '
	crm-init --db one.db &&
	crm-add --db one.db -q --name Solo --source web --created 2025-06-29 &&
	crm-sale --db one.db 1 10.00 --cost 4.00 --date 2025-06-29 &&
	crm-report --db one.db --since 2025-06-01 --html one.html >/dev/null &&
	charts one.html >actual &&
	printf "%s\n" c-months c-cats c-curve >expect &&
	test_cmp expect actual &&
	svg_numbers_ok one.html &&
	no_nan one.html &&
	nodata one.html >actual &&
	cat >expect <<-\EOF &&
	No customers newly lapsed since 2025-06-01 (90 days without a purchase).
	No customers lapsed or were lost this year.
	No customers lost since 2025-06-01.
	No referrers waiting to be thanked.
	No open complaints.
	No survey scores this year.
	No bonus issued, redeemed or reversed since 2025-06-01.
	EOF
	test_cmp expect actual
'

# A year without sales: only last year'"'"'s months have bars.
test_expect_success 'a year with no sales: only the chart of the months, no NaN' '
	crm-init --db old.db &&
	crm-add --db old.db -q --name Old --created 2024-03-01 &&
	crm-sale --db old.db 1 50.00 --cost 20.00 --date 2024-03-10 &&
	crm-sale --db old.db 1 30.00 --cost 10.00 --date 2024-06-10 &&
	crm-report --db old.db --since 2025-06-01 --html old.html >/dev/null &&
	charts old.html >actual &&
	echo c-months >expect &&
	test_cmp expect actual &&
	svg_numbers_ok old.html &&
	no_nan old.html &&
	grep -F "<p class=\"nodata\">No sales yet this year.</p>" old.html &&
	crm-report --db old.db --as-of 2026-06-30 --since 2026-06-01 --html older.html >/dev/null &&
	svg_count older.html >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	grep -F "No sales this year or last." older.html
'

test_expect_success XMLLINT 'pages with little data are well-formed' '
	xmllint --noout one.html old.html older.html
'

# Names, sources and complaints are the user'"'"'s: markup, entities, control
# characters and bytes that are not UTF-8 must not break the page.  The
# commands now refuse the last two (t0200); a database written before
# may still hold them, so sqlite3 puts them in.
test_expect_success XMLLINT,SQLITE3 'user text is escaped: the page stays well-formed' '
	crm-init --db odd.db &&
	crm-add --db odd.db -q --name "<b>Bold</b> & \"Co\" '"'"'x'"'"'" --source web --created 2025-06-10 &&
	crm-sale --db odd.db 1 -25.00 --cost 10.00 --date 2025-03-01 --reason "bad ]]> <x>" &&
	sqlite3 odd.db "UPDATE customer SET source = CAST(X'"'"'7765096201ff'"'"' AS TEXT);
		UPDATE note SET text = CAST(X'"'"'62616401205d5d3e203c783e20c328'"'"' AS TEXT);" &&
	sqlite3 odd.db "SELECT hex(source) FROM customer; SELECT hex(text) FROM note" >hex &&
	printf "7765096201FF\n62616401205D5D3E203C783E20C328\n" >expect &&
	test_cmp expect hex &&
	crm-report --db odd.db --since 2025-06-01 --html odd.html >/dev/null &&
	xmllint --noout odd.html &&
	grep -F "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;" odd.html &&
	! grep -F "<b>Bold" odd.html &&
	! grep -F "<x>" odd.html &&
	svg_numbers_ok odd.html
'

test_done
