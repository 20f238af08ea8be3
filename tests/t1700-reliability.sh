#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='reliability: all-or-nothing bulk loads, kill -9, concurrent writers, busy database'
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------------------
# A bad last row writes nothing

test_expect_success 'a 100,000-row load whose last row is bad writes nothing' '
	crm-init &&
	awk "BEGIN { print \"name\tcard\"; for (i = 1; i < 100000; i++) print \"Customer \" i \"\t\" i; print \"\tno-name\" }" >bad.tsv &&
	test_refused 65 "^crm-add: line 100001: " crm-add <bad.tsv &&
	test "$(customer_count)" = 0
'

test_expect_success 'the same load without the bad row writes every row' '
	sed -e "\$d" bad.tsv >good.tsv &&
	crm-add -q <good.tsv &&
	test "$(customer_count)" = 99999
'

test_expect_success 'progress: silent when stderr is not a terminal, shown with --progress' '
	crm-init --db progress.db &&
	crm-add --db progress.db <good.tsv >ids 2>err &&
	test_must_be_empty err &&
	test_line_count = 99999 ids &&
	crm-init --db progress2.db &&
	crm-add --db progress2.db --progress <good.tsv >ids2 2>err &&
	test -s err &&
	test_cmp_nonempty ids ids2 &&
	crm-init --db progress3.db &&
	crm-add --db progress3.db -q <good.tsv >ids3 2>err &&
	test_must_be_empty ids3 &&
	test_must_be_empty err
'

test_expect_success 'a load whose last row repeats an earlier card writes nothing' '
	crm-init --db dup.db &&
	{ sed -e "\$d" bad.tsv && printf "Again\t5\n"; } >dup.tsv &&
	test_must_fail_with 65 crm-add --db dup.db <dup.tsv >out 2>err &&
	test_stderr_matches "^crm-add: line 100001: .*5" err &&
	test "$(customer_count "$TRASH/dup.db")" = 0
'

# ---------------------------------------------------------------------------
# kill -9 in the middle of a load

seed=${CRM_TEST_SEED:-1}

# kill_load DB DELAY: start loading load.tsv into DB, kill -9 it after DELAY
# seconds; its exit status is left in $kill_status (137 when the kill found
# it alive), and in $kill_read how many bytes of load.tsv it had read just
# before the kill (from /proc, see PROCFS; empty when that cannot be told),
# so that a kill which came before the load started is not taken for one
# that landed in the middle of it.
kill_load () {
	crm-add --db "$1" -q <load.tsv &
	kl_pid_=$!
	sleep "$2"
	kill_read=$(sed -n -e "s/^pos:[[:space:]]*//p" "/proc/$kl_pid_/fdinfo/0" 2>/dev/null)
	kill -9 "$kl_pid_" 2>/dev/null
	wait "$kl_pid_"
	kill_status=$?
	return 0
}

# How far a process has read its standard input, as Linux shows it.
test_lazy_prereq PROCFS 'test -r /proc/self/fdinfo/0 && grep "^pos:" /proc/self/fdinfo/0'

test_expect_success SQLITE3,SQLITE_DB 'setup a 200,000-row load and time it' '
	awk "BEGIN { print \"name\temail\tcard\tsource\"; for (i = 1; i <= 200000; i++) print \"Customer \" i \"\tc\" i \"@example.com\t\" i \"\tload\" }" >load.tsv &&
	crm-init --db timing.db &&
	if test_have_prereq NANOTIME
	then
		t0=$(now_ms) &&
		crm-add --db timing.db -q <load.tsv &&
		t1=$(now_ms) &&
		load_ms=$((t1 - t0))
	else
		crm-add --db timing.db -q <load.tsv &&
		load_ms=3000
	fi &&
	echo "a full load takes $load_ms ms" &&
	test "$(customer_count "$TRASH/timing.db")" = 200000
'

# Enough kills found the load running: some must have (a test of kills
# that all came too late, after the load, or too early, before it got
# going, would prove nothing), and one at least must have been undone
# after it had read most of its input.
# shellcheck disable=SC2154 # set by the test that calls it
kills_enough () {
	test "$landed" -ge 10 &&
	test "$none" -ge 5 &&
	if test_have_prereq PROCFS
	then
		test "$mid" -ge 5 &&
		test "$deep" -ge 1
	fi
}

# The kills come at random moments within the time the timed load took;
# on a machine whose load changes under the test (the suite runs two
# scripts at once) that time can be off, so a kill that came after the
# load had ended shortens it, and up to 20 more kills are made until
# enough have landed.
test_expect_success SQLITE3,SQLITE_DB 'kill -9 at 20 or more random moments: the database is intact, the load all there or not at all' '
	all=0 none=0 landed=0 mid=0 deep=0 i=1 &&
	size=$(wc -c <load.tsv) &&
	while test $i -le 20 || { test $i -le 40 && ! kills_enough; }
	do
		rm -f k.db k.db-wal k.db-shm k.db-journal &&
		crm-init --db k.db &&
		delay=$(awk -v s=$((seed * 100 + i)) -v ms="$load_ms" "BEGIN { srand(s); printf \"%.3f\", rand() * ms * 1.1 / 1000 }") &&
		kill_load k.db "$delay" &&
		sqlite3 k.db "PRAGMA integrity_check" >check &&
		echo ok >expect &&
		test_cmp expect check &&
		crm-backup --check -q --db k.db &&
		n=$(customer_count "$TRASH/k.db") &&
		echo "kill $i after ${delay}s: exit $kill_status, ${kill_read:-?} bytes read, $n customers" &&
		if test "$kill_status" = 137
		then
			landed=$((landed + 1)) &&
			# alive when killed, with a tenth of its input read:
			# mid-load (even a kill at once finds a few buffers read)
			if test $((${kill_read:-0} * 10)) -gt "$size"
			then
				mid=$((mid + 1))
			fi &&
			# past half of it, and none of it is in the database
			if test $((${kill_read:-0} * 2)) -gt "$size" && test "$n" = 0
			then
				deep=$((deep + 1))
			fi
		else
			load_ms=$((load_ms * 4 / 5))
		fi &&
		case $n in
		0) none=$((none + 1)) ;;
		200000) all=$((all + 1)) ;;
		*) echo "a partial load of $n customers survived"; false ;;
		esac || return 1
		i=$((i + 1))
	done &&
	echo "$((i - 1)) kills: all there $all times, not at all $none times; $landed kills landed, $mid of them mid-load, $deep past half of it leaving nothing" &&
	kills_enough
'

test_expect_success SQLITE3,SQLITE_DB 'after a kill the database still takes the whole load' '
	rm -f k.db k.db-wal k.db-shm &&
	crm-init --db k.db &&
	kill_load k.db 0.3 &&
	n0=$(customer_count "$TRASH/k.db") &&
	{ crm-add --db k.db -q <load.tsv 2>err; status=$?; } &&
	n=$(customer_count "$TRASH/k.db") &&
	echo "killed load left $n0; second load: exit $status, $n customers" &&
	test "$n" = 200000 &&
	if test "$n0" = 200000
	then
		# the killed load had committed: the second one repeats its cards
		test "$status" = 65
	else
		test "$n0" = 0 && test "$status" = 0
	fi &&
	crm-backup --check -q --db k.db
'

# kill -9 in the middle of a sale import: the summaries (issue 14) are
# written in the same transaction as the purchases, so a kill leaves both
# or neither, and crm-backup --check passes after each.

# kill_sales DB DELAY: as kill_load, for crm-sale <sales.tsv.
kill_sales () {
	crm-sale --db "$1" -q <sales.tsv &
	kl_pid_=$!
	sleep "$2"
	kill -9 "$kl_pid_" 2>/dev/null
	wait "$kl_pid_"
	kill_status=$?
	return 0
}

test_expect_success SQLITE3,SQLITE_DB 'setup a 200,000-line sale import, back-dated lines among them, and time it' '
	awk "BEGIN {
		print \"customer\tdate\tamount\tcost\"
		for (i = 0; i < 200000; i++)
			printf \"%d\t2025-%02d-%02d\t%d.00\t%s\n\", (i * 7919) % 200000 + 1, (i % 97 == 0) ? 1 : int(i / 40000) + 2, i % 28 + 1, i % 50 + 1, (i % 4) ? \"1.00\" : \"\"
	}" >sales.tsv &&
	crm-backup -q --db timing.db sales-base.db &&
	crm-backup -q --db timing.db sales-timing.db &&
	if test_have_prereq NANOTIME
	then
		t0=$(now_ms) &&
		crm-sale --db sales-timing.db -q <sales.tsv &&
		t1=$(now_ms) &&
		sales_ms=$((t1 - t0))
	else
		crm-sale --db sales-timing.db -q <sales.tsv &&
		sales_ms=3000
	fi &&
	echo "a full sale import takes $sales_ms ms" &&
	crm-backup --check -q --db sales-timing.db &&
	rm -f sales-timing.db
'

# as the kills of crm-add: up to 8 more until 3 have landed
test_expect_success SQLITE3,SQLITE_DB 'kill -9 crm-sale at 8 or more random moments: the import all there or not at all, the summaries agree' '
	all=0 none=0 landed=0 i=1 &&
	while test $i -le 8 || { test $i -le 16 &&
		! { test "$landed" -ge 3 && test "$none" -ge 1; }; }
	do
		rm -f ks.db ks.db-wal ks.db-shm ks.db-journal &&
		cp sales-base.db ks.db &&
		delay=$(awk -v s=$((seed * 100 + i)) -v ms="$sales_ms" "BEGIN { srand(s); printf \"%.3f\", rand() * ms * 1.1 / 1000 }") &&
		kill_sales ks.db "$delay" &&
		sqlite3 ks.db "PRAGMA integrity_check" >check &&
		echo ok >expect &&
		test_cmp expect check &&
		crm-backup --check -q --db ks.db &&
		n=$(sqlite3 ks.db "SELECT COUNT(*) FROM purchase") &&
		echo "kill $i after ${delay}s: exit $kill_status, $n purchases" &&
		if test "$kill_status" = 137
		then
			landed=$((landed + 1))
		else
			sales_ms=$((sales_ms * 4 / 5))
		fi &&
		case $n in
		0) none=$((none + 1)) ;;
		200000) all=$((all + 1)) ;;
		*) echo "a partial import of $n purchases survived"; false ;;
		esac || return 1
		i=$((i + 1))
	done &&
	echo "$((i - 1)) kills: all there $all times, not at all $none times; $landed kills landed" &&
	test "$landed" -ge 3 &&
	test "$none" -ge 1
'

test_expect_success SQLITE3,SQLITE_DB 'after a killed import the whole import goes in, and the check passes' '
	if test "$(sqlite3 ks.db "SELECT COUNT(*) FROM purchase")" = 0
	then
		crm-sale --db ks.db -q <sales.tsv
	fi &&
	test "$(sqlite3 ks.db "SELECT COUNT(*) FROM purchase")" = 200000 &&
	crm-backup --check --db ks.db 2>err &&
	test_stderr_matches "agree with the purchases" err
'

# ---------------------------------------------------------------------------
# Concurrent writers

adder () {
	w_=0
	while test "$w_" -lt 500
	do
		crm-add --db conc.db --name "p$1-$w_" --card "$1-$w_" >>"ids.$1" 2>>"err.$1" ||
			echo "process $1, customer $w_: exit $?" >>failures
		w_=$((w_ + 1))
	done
}

run_adders () {
	adder 1 & p1_=$!
	adder 2 & p2_=$!
	adder 3 & p3_=$!
	adder 4 & p4_=$!
	wait "$p1_" && wait "$p2_" && wait "$p3_" && wait "$p4_"
}

test_expect_success '4 processes adding 500 customers each, one crm-add at a time: exactly 2000' '
	crm-init --db conc.db &&
	run_adders &&
	if test -s failures
	then
		cat failures && cat err.* && false
	fi &&
	cat err.1 err.2 err.3 err.4 >errs &&
	test_must_be_empty errs &&
	test "$(customer_count "$TRASH/conc.db")" = 2000 &&
	cat ids.1 ids.2 ids.3 ids.4 | sort -u >ids &&
	test_line_count = 2000 ids &&
	crm-ls --db conc.db -H --columns id >listed &&
	sort listed >listed.sorted &&
	test_cmp_nonempty ids listed.sorted
'

# ---------------------------------------------------------------------------
# A busy database

test_expect_success SQLITE3 'setup a database to keep busy' '
	crm-init --db busy.db &&
	crm-add --db busy.db --name First >/dev/null
'

test_expect_success SQLITE3 'a writer waits the busy timeout, then exits 75 with a message' '
	hold_lock busy.db 5 &&
	test_when_finished release_lock &&
	t0=$(now_ms) &&
	test_must_fail_with 75 env CRM_BUSY_TIMEOUT=200 crm-add --db busy.db --name Blocked >out 2>err &&
	t1=$(now_ms) &&
	echo "crm-add gave up after $((t1 - t0)) ms" &&
	test_stderr_matches "^crm-add: .*(busy|locked)" err &&
	test_one_line err &&
	test_must_be_empty out &&
	if test_have_prereq NANOTIME
	then
		test $((t1 - t0)) -ge 150 &&
		test $((t1 - t0)) -lt 3000
	fi
'

test_expect_success SQLITE3 'the refused writer wrote nothing' '
	crm-ls --db busy.db -H --columns name >actual &&
	echo First >expect &&
	test_cmp expect actual
'

test_expect_success SQLITE3 'every writer gives 75 when busy' '
	hold_lock busy.db 5 &&
	test_when_finished release_lock &&
	printf "name\nA\nB\n" >in &&
	test_must_fail_with 75 env CRM_BUSY_TIMEOUT=100 crm-add --db busy.db <in 2>err &&
	test_stderr_matches "^crm-add: " err &&
	test_must_fail_with 75 env CRM_BUSY_TIMEOUT=100 crm-edit --db busy.db --phone 1 1 2>err &&
	test_stderr_matches "^crm-edit: " err &&
	test_must_fail_with 75 env CRM_BUSY_TIMEOUT=100 crm-categorize --db busy.db vip 1 2>err &&
	test_stderr_matches "^crm-categorize: " err &&
	test_must_fail_with 75 env CRM_BUSY_TIMEOUT=100 crm-categorize --db busy.db --define newcat 2>err &&
	test_stderr_matches "^crm-categorize: " err
'

test_expect_success SQLITE3 'readers are not blocked by a writer' '
	hold_lock busy.db 5 &&
	test_when_finished release_lock &&
	env CRM_BUSY_TIMEOUT=100 crm-ls --db busy.db -H --columns name >actual &&
	echo First >expect &&
	test_cmp expect actual &&
	env CRM_BUSY_TIMEOUT=100 crm-show --db busy.db 1 >/dev/null &&
	env CRM_BUSY_TIMEOUT=100 crm-categorize --db busy.db --list >/dev/null &&
	crm-backup --db busy.db busy-copy.db
'

test_expect_success SQLITE3 'a short lock is waited out' '
	hold_lock busy.db 1 &&
	test_when_finished release_lock &&
	crm-add --db busy.db --name Patient >out &&
	echo 2 >expect &&
	test_cmp expect out
'

test_expect_success SQLITE3 'busy_timeout from the config is used; CRM_BUSY_TIMEOUT wins over it' '
	printf "busy_timeout: 200\n" >short.yaml &&
	printf "busy_timeout: 60000\n" >long.yaml &&
	hold_lock busy.db 8 &&
	test_when_finished release_lock &&
	t0=$(now_ms) &&
	test_must_fail_with 75 crm-add --db busy.db --config short.yaml --name X 2>err &&
	t1=$(now_ms) &&
	test_must_fail_with 75 env CRM_BUSY_TIMEOUT=200 crm-add --db busy.db --config long.yaml --name X 2>err &&
	t2=$(now_ms) &&
	echo "config 200 ms: $((t1 - t0)) ms; env 200 ms over config 60 s: $((t2 - t1)) ms" &&
	if test_have_prereq NANOTIME
	then
		test $((t1 - t0)) -lt 3000 &&
		test $((t2 - t1)) -lt 3000
	fi
'

test_done
