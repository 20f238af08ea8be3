#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='PostgreSQL: eight tills writing at once, a busy writer lock, connection failures'
. "$(dirname "$0")/lib.sh"

test_have_prereq POSTGRES ||
	skip_all 'needs a PostgreSQL server (CRM_TEST_PG, see lib.sh)'

# psql on the script's database
crm_psql () {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$(pg_conninfo "$CRM_DB")" \
		-c "$1" </dev/null
}

# ---------------------------------------------------------------------------
# Eight tills at once
#
# Customers 1-8 (cards 1001-1008) each belong to one till, which sells to
# its customer and redeems its bonus; customers 9-12 (cards 1009-1012) are
# shared: every till sells to them and returns some of its own earlier
# sales to them.  All are vip (5 %).  Amounts are multiples of 0.40, and a
# return gives back all or half of its sale, so every accrual and reversal
# is a whole number of cents and the expected balances need no rounding.
# Only a till's own customer is redeemed from, never more than the
# balance the till has accrued there, so no redemption can be refused.
#
# Each till's 500 operations are made up front by awk (ops.P: one command
# a line; bulk.P.N: a crm-sale TSV of sales and returns), together with
# what they mean (intent.P: sale CUSTOMER CENTS, return CUSTOMER CENTS,
# redeem CUSTOMER CENTS, one a line).  Of each block of OPS/4 operations
# the first SINGLE/4 are single commands, the rest one bulk load.

procs=8
ops=${CRM_TEST_CONC_OPS:-500}
single=${CRM_TEST_CONC_SINGLE:-40}

make_ops () {
	awk -v p="$1" -v ops="$ops" -v single="$single" '
	function money(c) { return sprintf("%s%d.%02d", c < 0 ? "-" : "", (c < 0 ? -c : c) / 100, (c < 0 ? -c : c) % 100) }
	function flush() {
		if (nb == 0)
			return
		print "bulk bulk." p "." nbulk >"ops." p
		close("bulk." p "." nbulk)
		nbulk++
		nb = 0
	}
	function row(line) {
		f = "bulk." p "." nbulk
		if (nb == 0)
			print "customer\tdate\tamount\tref\treturns" >f
		print line >f
		nb++
	}
	BEGIN {
		srand(1710 + p)
		block = int(ops / 4); if (block < 1) block = 1
		nsingle = int(single / 4)
		open = 0; bal = 0; nbulk = 0; nb = 0
		for (i = 0; i < ops; i++) {
			one = (i % block) < nsingle
			if (!one && (i % block) == nsingle)
				flush()
			r = rand()
			if (r < 0.2 && open > 0) {
				k = 1 + int(rand() * open)
				c = ocust[k]; a = oamt[k]; ref = oref[k]
				ocust[k] = ocust[open]; oamt[k] = oamt[open]
				oref[k] = oref[open]; open--
				if (rand() < 0.5)
					a = a / 2
				rref = "R" p "-" i
				print "return", c, a >"intent." p
				if (one) {
					flush()
					print "sale", c, money(-a), rref, ref >"ops." p
				} else
					row(c "\t2025-06-30\t" money(-a) "\t" rref "\t" ref)
				continue
			}
			if (r < 0.35 && one && bal > 0) {
				a = 1 + int(rand() * bal)
				bal -= a
				print "redeem", p, a >"intent." p
				flush()
				print "redeem", 1000 + p, money(a) >"ops." p
				continue
			}
			c = rand() < 0.4 ? p : 9 + int(rand() * 4)
			a = 40 * (1 + int(rand() * 250))
			ref = "S" p "-" i
			if (c == p)
				bal += a / 20
			else {
				open++; ocust[open] = c; oamt[open] = a
				oref[open] = ref
			}
			print "sale", c, a >"intent." p
			if (one) {
				flush()
				print "sale", c, money(a), ref >"ops." p
			} else
				row(c "\t2025-06-30\t" money(a) "\t" ref "\t")
		}
		flush()
	}'
}

# run_ops P: run ops.P one command at a time; each command's exit status
# and its line go to status.P
run_ops () {
	while read -r kind a b c d; do
		case $kind in
		sale)	if [ -n "$d" ]; then
				crm-sale -q "$a" "$b" --ref "$c" --returns "$d"
			else
				crm-sale -q "$a" "$b" --ref "$c"
			fi ;;
		redeem)	crm-bonus --redeem "$a" "$b" >/dev/null ;;
		bulk)	crm-sale -q <"$a" ;;
		*)	false ;;
		esac
		echo "$? $kind $a $b $c $d"
	done <"ops.$1" >"status.$1" 2>"stderr.$1"
}

# run_tills: the eight tills at once, each waiting for the writer lock as
# long as it takes (no command may give up busy)
run_tills () {
	pids=
	for p in 1 2 3 4 5 6 7 8; do
		CRM_BUSY_TIMEOUT=120000 run_ops "$p" &
		pids="$pids $!"
	done
	for pid in $pids; do
		wait "$pid" || return 1
	done
}

test_expect_success 'setup: twelve vip customers with cards, eight tills of operations' '
	crm-init &&
	{
		printf "id\tname\tcard\tcategory\n" &&
		for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
			printf "%s\tCustomer %s\t%s\tvip\n" "$i" "$i" "$((1000 + i))" ||
			return 1
		done
	} >customers.tsv &&
	crm-add -q <customers.tsv &&
	for p in 1 2 3 4 5 6 7 8; do
		make_ops "$p" || return 1
	done &&
	cat intent.1 intent.2 intent.3 intent.4 intent.5 intent.6 intent.7 intent.8 >intent &&
	test_line_count = $((procs * ops)) intent &&
	grep "^return" intent >returns &&
	grep "^redeem" intent >redeems &&
	grep "^bulk" ops.1 >bulks &&
	test -s returns && test -s redeems && test -s bulks
'

test_expect_success 'eight tills run their operations at the same time' '
	run_tills &&
	cat status.1 status.2 status.3 status.4 status.5 status.6 status.7 status.8 >status &&
	cat ops.1 ops.2 ops.3 ops.4 ops.5 ops.6 ops.7 ops.8 >ops &&
	test_line_count = "$(wc -l <ops)" status &&
	awk "\$1 != 0" status >failed &&
	test_must_be_empty failed &&
	cat stderr.1 stderr.2 stderr.3 stderr.4 stderr.5 stderr.6 stderr.7 stderr.8 >stderr &&
	test_must_be_empty stderr
'

# expected per customer: id revenue returns net, from intent
test_expect_success 'crm-value: every customer'"'"'s revenue, returns and net are what the tills meant' '
	awk "
		function money(c) { return sprintf(\"%d.%02d\", c / 100, c % 100) }
		\$1 == \"sale\" { rev[\$2] += \$3 }
		\$1 == \"return\" { ret[\$2] += \$3 }
		END { for (c = 1; c <= 12; c++)
			printf \"%d\t%s\t%s\t%s\n\", c, money(rev[c]), money(ret[c]), money(rev[c] - ret[c]) }
	" intent >expect &&
	crm-value --period all -H >value &&
	cut -f 1,4,5,6 value >actual &&
	test_cmp expect actual
'

test_expect_success 'every ref is there exactly once' '
	crm_psql "SELECT ref, count(*) FROM purchase GROUP BY ref HAVING count(*) > 1" >dups &&
	test_must_be_empty dups &&
	sales=$(grep -c -e "^sale" -e "^return" intent) &&
	test "$(crm_psql "SELECT count(*) FROM purchase")" = "$sales" &&
	test "$(crm_psql "SELECT count(DISTINCT ref) FROM purchase")" = "$sales" &&
	sed -n -e "s/^sale [0-9]* [^ ]* \\([^ ]*\\).*/\\1/p" ops >refs.single &&
	for f in bulk.*; do
		sed -e 1d "$f" | cut -f 4 || return 1
	done >refs.bulk &&
	sort refs.single refs.bulk >expect &&
	crm_psql "SELECT ref FROM purchase" | sort >actual &&
	test_cmp expect actual
'

test_expect_success 'every returned sale points at the sale its till named' '
	crm_psql "SELECT r.ref, s.ref FROM purchase r JOIN purchase s ON s.id = r.returns_id" | tr "|" " " | sort >actual &&
	{
		awk "\$1 == \"sale\" && \$5 != \"\" { print \$4, \$5 }" ops &&
		for f in bulk.*; do
			awk -F "$TAB" "NR > 1 && \$5 != \"\" { print \$4, \$5 }" "$f" || return 1
		done
	} | sort >expect &&
	test_cmp_nonempty expect actual
'

# bonus: a sale accrues amount/20, a return takes back amount/20 (all or
# half of its sale, exactly), a redemption its amount
test_expect_success 'every card'"'"'s balance is what the tills meant and the sum of its ledger' '
	awk "
		function money(c) { return sprintf(\"%s%d.%02d\", c < 0 ? \"-\" : \"\", (c < 0 ? -c : c) / 100, (c < 0 ? -c : c) % 100) }
		\$1 == \"sale\" { b[\$2] += \$3 / 20 }
		\$1 == \"return\" { b[\$2] -= \$3 / 20 }
		\$1 == \"redeem\" { b[\$2] -= \$3 }
		END { for (c = 1; c <= 12; c++) printf \"%d\t%s\n\", 1000 + c, money(b[c]) }
	" intent >expect &&
	crm-bonus --list -H | cut -f 1,7 >actual &&
	test_cmp expect actual &&
	crm_psql "SELECT 1000 + customer_id, sum(amount) FROM bonus GROUP BY customer_id ORDER BY customer_id" |
		awk -F "|" "{ printf \"%d\t%s%d.%02d\n\", \$1, \$2 < 0 ? \"-\" : \"\", (\$2 < 0 ? -\$2 : \$2) / 100, (\$2 < 0 ? -\$2 : \$2) % 100 }" >ledger &&
	test_cmp expect ledger &&
	for card in 1001 1002 1003 1004 1005 1006 1007 1008 1009 1010 1011 1012; do
		crm-bonus --statement "$card" -H >statement &&
		printf "%s\t%s\n" "$card" "$(tail -n 1 statement | cut -f 5)" || return 1
	done >last &&
	test_cmp expect last
'

test_expect_success 'the ledger has one line per sale, return and redemption' '
	test "$(crm_psql "SELECT count(*) FROM bonus WHERE kind = '"'"'accrual'"'"'")" = "$(grep -c "^sale" intent)" &&
	test "$(crm_psql "SELECT count(*) FROM bonus WHERE kind = '"'"'reversal'"'"'")" = "$(grep -c "^return" intent)" &&
	test "$(crm_psql "SELECT count(*) FROM bonus WHERE kind = '"'"'redemption'"'"'")" = "$(grep -c "^redeem" intent)"
'

# ---------------------------------------------------------------------------
# A busy writer lock

# hold_pg_lock: hold crm's writer lock (db-pg.c: pg_advisory_xact_lock of
# 6517613, "crm") from a psql in the background, and return once it is
# held; release_pg_lock ends that session.
hold_pg_lock () {
	psql -X -q -d "$(pg_conninfo "$CRM_DB") application_name=crm_test_hold" \
		-c "SELECT pg_advisory_lock(6517613), pg_sleep(60)" \
		>/dev/null 2>&1 </dev/null &
	holder=$!
	n_=0
	while [ "$(crm_psql "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.objid = 6517613 AND l.granted")" != 1 ]; do
		n_=$((n_ + 1))
		if [ "$n_" -gt 100 ]; then
			echo "hold_pg_lock: the lock was not taken"
			return 1
		fi
		sleep 0.1
	done
}

release_pg_lock () {
	crm_psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'crm_test_hold'" >/dev/null
	wait "$holder"
	:
}

test_expect_success 'a writer waits the busy timeout, then exits 75 and writes nothing' '
	hold_pg_lock &&
	test_when_finished release_pg_lock &&
	test_refused 75 "^crm-sale: .*busy" env CRM_BUSY_TIMEOUT=200 crm-sale 1 1.00 --ref BUSY &&
	test_one_line err &&
	test_refused 75 "^crm-bonus: .*busy" env CRM_BUSY_TIMEOUT=200 crm-bonus --redeem 1001 0.01
'

test_expect_success 'a reader answers at once while the writer lock is held' '
	hold_pg_lock &&
	test_when_finished release_pg_lock &&
	crm-value --period all -H >before &&
	CRM_BUSY_TIMEOUT=120000 timeout 20 crm-value --period all -H >during &&
	test_cmp_nonempty before during &&
	CRM_BUSY_TIMEOUT=120000 timeout 20 crm-bonus 1001 >/dev/null
'

# (argv is what ps(1) shows: /proc/PID/cmdline, read while crm-sale
# waits for the lock)
test_lazy_prereq PROC_CMDLINE 'test -r /proc/self/cmdline'
# start_waiter: a crm-sale with a password in --db, waiting for the lock
start_waiter () {
	CRM_BUSY_TIMEOUT=5000 crm-sale --db "$CRM_DB password=s3cret" \
		1 1.00 --ref ARGV 2>err &
	waiter=$!
}
test_expect_success PROC_CMDLINE 'a password given in --db is not in the process listing' '
	hold_pg_lock &&
	test_when_finished release_pg_lock &&
	start_waiter &&
	n=0 &&
	until tr "\\000" " " </proc/$waiter/cmdline 2>/dev/null | grep -q "password=\*\*\*\*\*\*"
	do
		n=$((n + 1)) &&
		test "$n" -lt 100 &&
		sleep 0.05 || break
	done &&
	tr "\\000" " " </proc/$waiter/cmdline >cmdline &&
	grep "crm-sale" cmdline &&
	! grep s3cret cmdline &&
	release_pg_lock &&
	wait "$waiter" &&
	! grep s3cret err
'

test_expect_success 'once the lock is released the writer goes through' '
	crm-sale -q 1 1.00 --ref AFTER &&
	test "$(crm_psql "SELECT count(*) FROM purchase WHERE ref = '"'"'AFTER'"'"'")" = 1
'

# ---------------------------------------------------------------------------
# Servers and databases that are not there

test_expect_success 'an unreachable server is 69, "cannot connect", one line' '
	test_must_fail_with 69 crm-ls --db "postgresql:host=/nonexistent user=crm dbname=x" >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-ls: cannot connect to database .*/nonexistent" err &&
	test_one_line err &&
	test_must_fail_with 69 crm-sale --db "postgresql:host=/nonexistent user=crm dbname=x" 1 1.00 2>err &&
	test_stderr_matches "^crm-sale: cannot connect" err
'

test_expect_success 'a database missing on a live server is 69' '
	test_must_fail_with 69 crm-ls --db "postgresql:dbname=crm_t1710_no_such_db $CRM_TEST_PG" >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-ls: cannot connect to database .*crm_t1710_no_such_db" err &&
	test_one_line err
'

# CRM_TEST_PG as a URI query: host=/tmp/x port=5432 -> host=/tmp/x&port=5432
pg_query=$(printf "%s" "${CRM_TEST_PG-}" | tr -s " " "&")

test_expect_success 'a password in the URI or the keywords is never shown' '
	test_must_fail_with 69 crm-ls --db "postgresql://crm:s3cret@/crm_t1710_no_such_db?$pg_query" 2>err &&
	test_stderr_matches "^crm-ls: cannot connect" err &&
	! grep s3cret err &&
	test_must_fail_with 69 crm-ls --db "postgresql:dbname=crm_t1710_no_such_db password=s3cret $CRM_TEST_PG" 2>err &&
	test_stderr_matches "^crm-ls: cannot connect" err &&
	! grep s3cret err &&
	test_must_fail_with 69 env CRM_DB="postgresql://crm:s3cret@/crm_t1710_no_such_db?$pg_query" crm-sale 1 1.00 2>err &&
	! grep s3cret err
'

empty_db=crm_t1710_concurrent_pg_empty

test_expect_success 'a database without crm'"'"'s schema is 66, as a missing SQLite file' '
	test_pg_admin_ "DROP DATABASE IF EXISTS $empty_db" >/dev/null &&
	test_pg_admin_ "CREATE DATABASE $empty_db" >/dev/null &&
	test_when_finished "test_pg_admin_ \"DROP DATABASE IF EXISTS $empty_db WITH (FORCE)\" >/dev/null" &&
	test_must_fail_with 66 crm-ls --db "postgresql:dbname=$empty_db $CRM_TEST_PG" >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-ls: no crm database in .*$empty_db.*; create one with crm-init" err &&
	test_one_line err &&
	test_must_fail_with 66 crm-sale --db "postgresql:dbname=$empty_db $CRM_TEST_PG" 1 1.00 2>err &&
	test_stderr_matches "^crm-sale: .*create one with crm-init" err &&
	test_must_fail_with 66 crm-ls --db "postgresql://crm:s3cret@/$empty_db?$pg_query" 2>err &&
	! grep s3cret err &&
	test "$(crm_psql "SELECT count(*) FROM pg_database WHERE datname = '"'"'$empty_db'"'"'")" = 1 &&
	test "$(psql -X -A -t -d "dbname=$empty_db $CRM_TEST_PG" -c "SELECT count(*) FROM pg_tables WHERE schemaname = '"'"'public'"'"'" </dev/null)" = 0
'

test_done
