#!/bin/sh
# bench/run.sh - the crm benchmark (make bench); see bench/README.md
#
#   BENCH_SIZES="10000 100000"   customer counts of the customer import
#                                (default: 10000 100000 1000000; none: skip)
#   BENCH_PURCHASES="100000"     purchase counts of the sales benchmarks
#                                (default: 100000 1000000 10000000; none: skip)
#   BENCH_CUSTOMERS=N            customers of the sales benchmarks (default:
#                                1000000 from 1M purchases up, a tenth of
#                                the purchases below)
#   BENCH_RUNS=N                 runs of each import and report (default 3,
#                                but 1 for a sales import of 10M or more;
#                                the median is reported)
#   BENCH_ONLY="top rfm"         only these measurements (names: see MEASURES
#                                below); the reports then reuse the sales
#                                database of an earlier sale_import
#   CRM_BIN=DIR                  the crm commands (default: ./bin)
#   BENCH_PG="host=... user=..."  a PostgreSQL server (libpq keywords) for
#                                the postgres measurement; default: a
#                                throw-away cluster made by tests/pg-cluster
#                                in a temporary directory, stopped at the end
#                                (left out, with a line saying so, when there
#                                are no server binaries)
#
# DuckDB (bench/duckdb.mjs, the @duckdb/node-api package that `make
# bench-deps` installs into bench/node_modules) answers seven of the report
# questions beside the sqlite3 shell, on its own file; without it the bench
# says so and leaves its columns empty.  It is a bench-only dependency.
#
# Every crm report is also run once more, untimed, with CRM_NO_SUMMARIES=1
# (issue 14: read the purchases, not the summaries); its output must be
# byte-identical to the timed run's, else the run stops.
#
# Every measurement is one function that appends one row to the results
# table ($OUT/results.tsv) through result(); main() at the end calls them.
# To add a benchmark, write a gen_* function for its input, a bench_*
# function that times crm and the sqlite3 shell with timed(), and call both
# from main().  The table goes to stdout and into bench/README.md between
# the markers <!-- results --> and <!-- /results -->.

set -eu

here=$(pwd)
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/out
README=$ROOT/bench/README.md
SQL=$ROOT/bench/sql
DUCK_SQL_DIR=$ROOT/bench/duckdb
DUCK_JS=$ROOT/bench/duckdb.mjs
DUCK_PKG=$ROOT/bench/node_modules/@duckdb/node-api/package.json

case ${CRM_BIN-} in
'') BIN=$ROOT/bin ;;
/*) BIN=$CRM_BIN ;;
*) BIN=$here/$CRM_BIN ;;
esac
SIZES=${BENCH_SIZES:-10000 100000 1000000}
PURCHASES=${BENCH_PURCHASES:-100000 1000000 10000000}
[ "$SIZES" = none ] && SIZES=
[ "$PURCHASES" = none ] && PURCHASES=
IMPORT_RUNS=${BENCH_RUNS:-3}  # runs of each bulk import; the median is reported
REPORT_RUNS=${BENCH_RUNS:-3}  # runs of each report; the median is reported
BIG_IMPORT_RUNS=${BENCH_RUNS:-1}  # runs of a sales import of 10M or more
SINGLE_RUNS=21          # runs of each single insert; the median is reported
RSS_LIMIT_MB=50         # issue 3: peak RSS under 50 MB for any input size
IMPORT_RATIO=0.7        # issue 3: crm-add at least 0.7x sqlite3's .import
SINGLE_RATIO=1.0        # issue 3: one crm-add no slower than one INSERT
SALE_RATIO=0.7          # issue 4: crm-sale at least 0.7x the shell's import
REPORT_RATIO=1.0        # issues 4-7: every report faster than the raw SQL
SALES_RSS_MB=64         # issues 4-7: peak RSS under 64 MB at 10M purchases
MODEL_S=30              # issue 5: --model bgnbd fits in under 30 s
REPORT_S=10             # issue 6: crm-report in under 10 s
# issue 14, at 10M purchases and 1M customers (applied at every size):
DUCK_RATIO=1.0          # the reports DuckDB answers: crm faster than DuckDB
DUCK_RSS_MB=50          # ... and those and the nightly report under 50 MB
NIGHTLY_S=2             # the nightly report (crm-report) in under 2 s
FLOOR_RATIO=0.5         # crm-sale at least 0.5x the shell's raw .import
WRITE_RATIO=1.0         # one crm-add, one crm-sale no slower than one INSERT
# crm opens every database with this page cache (src/lib/db.c); the
# sqlite3 shell gets the same for every query it is timed on
SQL_CACHE='PRAGMA cache_size = -16000;'
# every measurement, in the order they run
MEASURES="customer_import single_insert sale_import top top_all
value_category value_month lapsed_days lapsed_days_gap lapsed_auto
lapsed_model referrals rfm habits_weekday habits_item report single_write
postgres"
ONLY=${BENCH_ONLY:-$MEASURES}

# Fixed "today", so single inserts store the same created date every run.
CRM_TODAY=2025-12-31
export CRM_TODAY
# No user configuration may change what is measured.
CRM_CONFIG=/dev/null
export CRM_CONFIG
unset CRM_DB

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

check_tools() {
	for c in crm-init crm-add; do
		[ -x "$BIN/$c" ] || die "$BIN/$c is missing: run make first"
	done
	command -v sqlite3 >/dev/null 2>&1 ||
		die "the sqlite3 shell is missing: apt-get install sqlite3"
	[ -x /usr/bin/time ] ||
		die "/usr/bin/time is missing: apt-get install time"
	command -v perl >/dev/null 2>&1 ||
		die "perl is missing: apt-get install perl"
	for n in $SIZES; do
		case $n in
		'' | *[!0-9]* | 0*) die "BENCH_SIZES: '$n' is not a positive integer" ;;
		esac
	done
	for n in $PURCHASES ${BENCH_CUSTOMERS-}; do
		case $n in
		'' | *[!0-9]* | 0*)
			die "BENCH_PURCHASES, BENCH_CUSTOMERS: '$n' is not a positive integer" ;;
		esac
	done
	case $IMPORT_RUNS in
	'' | *[!0-9]* | 0*) die "BENCH_RUNS: '$IMPORT_RUNS' is not a positive integer" ;;
	esac
	# the lists are newline-separated in places: one line of words
	# shellcheck disable=SC2086 # split on purpose: one line of words
	measures_=$(printf '%s ' $MEASURES)
	for m in $ONLY; do
		case " $measures_" in
		*" $m "*) ;;
		*) die "BENCH_ONLY: '$m' is not one of: $measures_" ;;
		esac
	done
	if [ -n "$PURCHASES" ]; then
		for c in crm-sale crm-top crm-value crm-lapsed crm-referrals \
			crm-rfm crm-habits; do
			[ -x "$BIN/$c" ] || die "$BIN/$c is missing: run make first"
		done
		for f in top top-all value-category value-month lapsed-days \
			lapsed-days-gap lapsed-auto rfm-summary habits-weekday \
			habits-item; do
			[ -r "$SQL/$f.sql" ] || die "$SQL/$f.sql is missing"
		done
	fi
	check_duckdb
}

# check_duckdb: sets DUCKDB to yes when node and @duckdb/node-api are
# there (make bench-deps), else says that DuckDB is left out
check_duckdb() {
	DUCKDB=no
	if ! command -v node >/dev/null 2>&1; then
		say "node is missing (apt-get install nodejs npm, then make bench-deps):" \
			"DuckDB is left out"
	elif ! [ -r "$DUCK_PKG" ]; then
		say "@duckdb/node-api is not installed (make bench-deps):" \
			"DuckDB is left out"
	else
		DUCKDB=yes
	fi
}

# ---------------------------------------------------------------- PostgreSQL

# pg_server: sets PG to the libpq keywords of a server for the postgres
# measurement ($BENCH_PG, else a throw-away cluster started once by
# tests/pg-cluster, stopped by pg_stop at exit); returns 1, with a line in
# the README's section, when there is none or crm was built without libpq
pg_server() {
	[ -n "${PG-}" ] && return 0
	[ -n "${PG_NONE-}" ] && return 1
	PG_NONE=yes
	if ! command -v psql >/dev/null 2>&1; then
		pg_none "no psql (apt-get install postgresql-client)"
		return 1
	fi
	if [ -n "${BENCH_PG-}" ]; then
		PG=$BENCH_PG
	else
		PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/crm-bench-pg.XXXXXX")
		if ! PG=$(sh "$ROOT/tests/pg-cluster" start "$PG_DIR" 2>"$OUT/pg-cluster.err"); then
			PG=
			pg_none "$(sed -n 's/^skip: //p' "$OUT/pg-cluster.err" |
				head -n 1 || true)"
			pg_stop
			return 1
		fi
		PG_MADE="a throw-away cluster (tests/pg-cluster: fsync off, Unix socket)"
	fi
	if ! psql -X -q "$PG dbname=postgres" -c 'SELECT 1' >/dev/null 2>&1; then
		pg_none "the server ($PG) does not answer"
		PG=
		return 1
	fi
	unset PG_NONE
	return 0
}

# pg_none WHY: the postgres measurement is left out, and the README says why
pg_none() {
	say "PostgreSQL is left out: ${1:-no server binaries}"
	echo "PostgreSQL not measured: ${1:-no server binaries}." >"$OUT/pg.md"
}

pg_stop() {
	[ -n "${PG_DIR-}" ] && sh "$ROOT/tests/pg-cluster" stop "$PG_DIR" >/dev/null 2>&1
	PG_DIR=
}

# pg_sql DB SQL: run SQL in database DB of the server, unaligned output
pg_sql() {
	psql -X -q -At -v ON_ERROR_STOP=1 "$PG dbname=$1" -c "$2"
}

# pg_fresh DB [TEMPLATE]: a new, empty database DB (a copy of TEMPLATE)
pg_fresh() {
	pg_sql postgres "DROP DATABASE IF EXISTS $1" >/dev/null
	pg_sql postgres "CREATE DATABASE $1${2:+ TEMPLATE $2}" >/dev/null
}

# pg_row BENCHMARK INPUT SQLITE_MS PG_MS SQLITE_RSS_KB PG_RSS_KB SAME: a
# row of the PostgreSQL table; times in ms, "-" when not measured
pg_row() {
	awk -v b="$1" -v i="$2" -v s="$3" -v p="$4" -v sr="$5" -v pr="$6" \
	    -v same="$7" 'BEGIN {
		printf "%s\t%s\t", b, i
		if (s == "-") printf "-\t"; else printf "%.2f s\t", s / 1000
		printf "%.2f s\t", p / 1000
		if (s == "-") printf "-\t"; else printf "%.2f\t", s / p
		if (sr == "-") printf "-\t"; else printf "%.1f\t", sr / 1024
		printf "%.1f\t%s\n", pr / 1024, same
	}' >>"$OUT/pg.tsv"
}

# pg_table: the PostgreSQL section of the results, when it was measured
pg_table() {
	[ -s "$OUT/pg.tsv" ] || [ -s "$OUT/pg.md" ] || return 0
	echo "PostgreSQL beside SQLite (the same crm commands, \`--db postgresql:...\`):"
	echo
	if [ -s "$OUT/pg.tsv" ]; then
		printf '| benchmark | input | crm on SQLite | crm on PostgreSQL '
		printf '| speed PostgreSQL/SQLite | SQLite crm peak RSS (MB) '
		printf '| PostgreSQL crm peak RSS (MB) | same answer |\n'
		printf '|---|---:|---:|---:|---:|---:|---:|---|\n'
		awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
		    $1, $2, $3, $4, $5, $6, $7, $8 }' "$OUT/pg.tsv"
		echo
	fi
	cat "$OUT/pg.md"
	echo
}

# bench_postgres: the sales data of this size loaded into PostgreSQL by
# crm-sale (the customers by crm-add, not timed), once, timed with its
# peak RSS (crm's process; the server's memory is the server's); then the
# four questions of issue 14 and the nightly report, on SQLite's sales
# database and on PostgreSQL in turns, $REPORT_RUNS runs each, the
# median; the answers must be byte-identical, else the run stops
bench_postgres() {
	pg_server || return 0
	p=$(echo "$SALES_INPUT" | awk '{ gsub(",", "", $1); print $1 }')
	c=$(sale_customers "$p")
	pdb=crm_bench_sales_$p
	uri="postgresql:$PG dbname=$pdb"
	[ -f "$OUT/purchases-$p.tsv" ] || gen_purchases "$p" "$c" "$OUT/purchases-$p.tsv"
	[ -f "$OUT/sales-customers-$c.tsv" ] ||
		gen_customers "$c" "$OUT/sales-customers-$c.tsv" sales
	say "PostgreSQL: $c customers into crm_bench_base_$c (not timed)"
	pg_fresh "crm_bench_base_$c"
	"$BIN/crm-init" -q --db "postgresql:$PG dbname=crm_bench_base_$c" ||
		die "crm-init on PostgreSQL failed (built without libpq?)"
	"$BIN/crm-add" -q --db "postgresql:$PG dbname=crm_bench_base_$c" \
		<"$OUT/sales-customers-$c.tsv"
	pg_fresh "$pdb" "crm_bench_base_$c"
	say "PostgreSQL: import of $p purchases (crm-sale -q), once"
	timed "$BIN/crm-sale" -q --db "$uri" <"$OUT/purchases-$p.tsv"
	pms=$ELAPSED_MS
	prss=$RSS_KB
	a=$(sums "$SALES_DB" purchase amount cost)
	b=$(pg_sql "$pdb" "SELECT count(*), sum(amount), sum(cost) FROM purchase")
	same=no
	[ "$a" = "$b" ] && same=yes
	[ "${b%%|*}" = "$p" ] || die "crm-sale did not record $p purchases on PostgreSQL ($b)"
	sms=-
	srss=-
	if [ -s "$OUT/sale-crm.ms" ] && wanted sale_import; then
		sms=$(median "$OUT/sale-crm.ms")
		srss=$(sort -n "$OUT/sale-crm.rss" | tail -n 1)
	fi
	pg_row "sale import (crm-sale -q), PostgreSQL once" "$SALES_INPUT" \
		"$sms" "$pms" "$srss" "$prss" "$same"
	pg_report value-category "crm-value --by category --period year" \
		"$uri" "$BIN/crm-value" --by category --period year --as-of "$AS_OF"
	pg_report top-all "crm-top --percent 20" "$uri" \
		"$BIN/crm-top" --percent 20 --as-of "$AS_OF"
	pg_report lapsed-days "crm-lapsed --days 90" "$uri" \
		"$BIN/crm-lapsed" --days 90 --as-of "$AS_OF"
	pg_report value-month "crm-value --period month over a year" "$uri" \
		"$BIN/crm-value" --period month --from 2024-07-01 \
		--to 2025-06-30 --as-of "$AS_OF"
	if [ -x "$BIN/crm-report" ]; then
		PG_HTML=yes
		pg_report report "crm-report --html out.html" "$uri" \
			"$BIN/crm-report" --as-of "$AS_OF"
		unset PG_HTML
	fi
	echo "- $SALES_INPUT on PostgreSQL: ${PG_MADE:-the server of BENCH_PG}; server $(pg_sql postgres 'SHOW server_version'); database $(pg_sql "$pdb" "SELECT pg_size_pretty(pg_database_size(current_database()))") after the import." >>"$OUT/pg.md"
	pg_sql postgres "DROP DATABASE IF EXISTS crm_bench_base_$c" >/dev/null
}

# pg_report NAME WHAT URI CMD ARGS...: CMD --db SALES_DB and CMD --db URI
# in turns, $REPORT_RUNS runs each; their outputs (and with PG_HTML, the
# HTML each writes) must be the same
pg_report() {
	name=$1
	what=$2
	uri=$3
	shift 3
	reset_runs pg-s.ms pg-s.rss pg-p.ms pg-p.rss
	k=1
	while [ "$k" -le "$REPORT_RUNS" ]; do
		say "$what on $SALES_INPUT, SQLite and PostgreSQL, run $k of $REPORT_RUNS"
		pg_run "$SALES_DB" sqlite "$@"
		echo "$ELAPSED_MS" >>"$OUT/pg-s.ms"
		echo "$RSS_KB" >>"$OUT/pg-s.rss"
		pg_run "$uri" pg "$@"
		echo "$ELAPSED_MS" >>"$OUT/pg-p.ms"
		echo "$RSS_KB" >>"$OUT/pg-p.rss"
		k=$((k + 1))
	done
	same=yes
	cmp -s "$OUT/pg-$name.sqlite.out" "$OUT/pg-$name.pg.out" || same=no
	if [ -n "${PG_HTML-}" ]; then
		cmp -s "$OUT/pg-$name.sqlite.html" "$OUT/pg-$name.pg.html" || same=no
	fi
	[ "$same" = yes ] || die "$what: PostgreSQL answers differently from SQLite (diff $OUT/pg-$name.sqlite.out $OUT/pg-$name.pg.out)"
	pg_row "$what, median of $REPORT_RUNS" "$SALES_INPUT" \
		"$(median "$OUT/pg-s.ms")" "$(median "$OUT/pg-p.ms")" \
		"$(sort -n "$OUT/pg-s.rss" | tail -n 1)" \
		"$(sort -n "$OUT/pg-p.rss" | tail -n 1)" "$same"
}

# pg_run DB SIDE CMD ARGS...: CMD ARGS --db DB, timed, its output in
# $OUT/pg-NAME.SIDE.out (and with PG_HTML its HTML in pg-NAME.SIDE.html)
pg_run() {
	db=$1
	side=$2
	shift 2
	if [ -n "${PG_HTML-}" ]; then
		timed "$@" --db "$db" --html "$OUT/pg-$name.$side.html" \
			>"$OUT/pg-$name.$side.out"
	else
		timed "$@" --db "$db" >"$OUT/pg-$name.$side.out"
	fi
}

# wanted MEASURE: whether BENCH_ONLY asks for it
wanted() {
	# shellcheck disable=SC2086 # split on purpose
	case " $(printf '%s ' $ONLY)" in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# ---------------------------------------------------------------- timing

# timed CMD ARGS...  runs CMD (stdin/stdout as given by the caller) and
# sets ELAPSED_MS (wall clock, milliseconds, from Perl's Time::HiRes) and
# RSS_KB (peak resident set size of CMD, from GNU time's %M).  Fails the
# benchmark when CMD fails.
timed() {
	rm -f "$OUT/.elapsed" "$OUT/.rss"
	if ! perl -MTime::HiRes=time -e '
		my $f = shift;
		my $t = time;
		system @ARGV;
		my $rc = $?;
		my $ms = (time - $t) * 1000;
		open my $o, ">", $f or die "$f: $!\n";
		printf $o "%.3f\n", $ms;
		close $o;
		exit($rc == 0 ? 0 : 1);
	' "$OUT/.elapsed" /usr/bin/time -f %M -o "$OUT/.rss" "$@"; then
		die "failed: $* (see the messages above)"
	fi
	ELAPSED_MS=$(cat "$OUT/.elapsed")
	RSS_KB=$(tail -n 1 "$OUT/.rss")
}

# median FILE: the median of the numbers in FILE, one a line
median() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2]
		      else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# calc EXPR: an awk expression, printed
calc() { awk "BEGIN { print $1 }"; }

# ---------------------------------------------------------------- results

# result BENCHMARK INPUT CRM SQLITE3 RATIO CRM_RSS_KB SQLITE3_RSS_KB
#        MIN_RATIO MAX_RSS_MB [SAME [DUCKDB DUCKDB_RATIO DUCKDB_RSS_KB]]
# appends one row to the results table.  RATIO is crm's speed divided by
# the sqlite3 shell's (above 1: crm is faster); the target is met when
# RATIO >= MIN_RATIO and crm's peak RSS < MAX_RSS_MB.  SAME says whether
# both printed the same answer (yes, no, or - when not compared).  DUCKDB
# is DuckDB's time on its own file and DUCKDB_RATIO its time divided by
# crm's, when DuckDB was measured (else -).
# With DUCK_TARGET set (the questions issue 14 asks of DuckDB), the row
# must also meet issue 14's target: DUCKDB_RATIO >= $DUCK_RATIO and crm's
# RSS < $DUCK_RSS_MB; both targets are stated, and met says which failed.
# TARGET_NOTE, when set, is added to the target's text.
result() {
	awk -v b="$1" -v i="$2" -v c="$3" -v s="$4" -v r="$5" \
	    -v cr="$6" -v sr="$7" -v mr="$8" -v mm="$9" -v same="${10:--}" \
	    -v d="${11:--}" -v dr="${12:--}" -v dk="${13:--}" \
	    -v dt="${DUCK_TARGET-}" -v dmr="$DUCK_RATIO" -v dmm="$DUCK_RSS_MB" \
	    -v note="${TARGET_NOTE-}" 'BEGIN {
		cm = cr / 1024; sm = sr / 1024
		old = r + 0 >= mr + 0 && cm < mm + 0
		target = sprintf("speed >= %s, RSS < %s MB%s", mr, mm, note)
		met = old ? "yes" : "**no**"
		if (dt != "") {
			target = sprintf("vs DuckDB >= %s, RSS < %s MB (issue 14); %s",
			    dmr, dmm, target " (issues 4-7)")
			new = cm < dmm + 0 && (d == "-" || dr + 0 >= dmr + 0)
			if (old && new) met = "yes"
			else if (old) met = "**no** (issue 14); yes (issues 4-7)"
			else if (new) met = "yes (issue 14); **no** (issues 4-7)"
			if (d == "-") met = met ", DuckDB not measured"
		}
		printf "%s\t%s\t%s\t%s\t%.2f\t%.1f\t%.1f\t", b, i, c, s, r, cm, sm
		printf "%s\t%s\t%s\t", target, met, same
		if (d == "-") printf "-\t-\t-\n"
		else printf "%s\t%.2f\t%.1f\n", d, dr, dk / 1024
	}' >>"$OUT/results.tsv"
}

# result_alone BENCHMARK INPUT MS CRM_RSS_KB MAX_S MAX_RSS_MB [SAME
#              [OLD_MAX_S OLD_MAX_RSS_MB]]: a row for a crm command that
# has no SQL to compare with, timed against a limit; with OLD_*, issue 6's
# looser limit (the nightly report's, its only user) is stated beside
# issue 14's, and met says which failed
result_alone() {
	awk -v b="$1" -v i="$2" -v ms="$3" -v cr="$4" -v xs="$5" -v mm="$6" \
	    -v same="${7:--}" -v ox="${8-}" -v om="${9-}" 'BEGIN {
		cm = cr / 1024
		ok = ms / 1000 < xs + 0 && cm < mm + 0
		target = sprintf("time < %s s, RSS < %s MB", xs, mm)
		met = ok ? "yes" : "**no**"
		if (ox != "") {
			target = target sprintf(" (issue 14); time < %s s, RSS < %s MB (issue 6)", ox, om)
			if (!ok && ms / 1000 < ox + 0 && cm < om + 0)
				met = met " (issue 14); yes (issue 6)"
		}
		printf "%s\t%s\t%.2f s\t-\t-\t%.1f\t-\t", b, i, ms / 1000, cm
		printf "%s\t%s\t%s\t-\t-\t-\n", target, met, same
	}' >>"$OUT/results.tsv"
}

# table: the results as a Markdown table (the DuckDB columns after the
# sqlite3 shell's, - where DuckDB was not measured)
table() {
	printf '| benchmark | input | crm | sqlite3 shell | speed crm/sqlite3 '
	printf '| DuckDB, own file | vs DuckDB '
	printf '| crm peak RSS (MB) | sqlite3 peak RSS (MB) '
	printf '| DuckDB peak RSS (MB) | target | met | same answer |\n'
	printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n'
	awk -F '\t' '{
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s ",
		    $1, $2, $3, $4, $5, $11, $12, $6, $7, $13
		printf "| %s | %s | %s |\n", $8, $9, $10 }' "$OUT/results.tsv"
}

machine() {
	cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo |
		head -n 1)
	mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	fs=$(df -PT "$OUT" 2>/dev/null | awk 'NR == 2 { print $2 }')
	printf 'Machine: %s, %s CPUs (%s), %s RAM, bench/out on %s; ' \
		"$(uname -m)" "$(nproc)" "${cpu:-unknown CPU}" "$mem" "${fs:-?}"
	printf 'sqlite3 %s (shell), %s (library crm links); ' \
		"$(sqlite3 --version | cut -d ' ' -f 1)" \
		"$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')"
	if [ "$DUCKDB" = yes ]; then
		printf 'DuckDB through @duckdb/node-api %s on node %s; ' \
			"$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$DUCK_PKG" |
				head -n 1)" "$(node --version)"
	else
		printf 'DuckDB not measured (make bench-deps installs it); '
	fi
	[ -n "$CRM_REV" ] && printf 'crm %s; ' "$CRM_REV"
	printf 'the tools interleaved (crm, the sqlite3 shell, DuckDB in turns), '
	printf 'median of %s; ' "$REPORT_RUNS"
	printf 'load average %s at the start, %s at the end; ' \
		"$LOAD_START" "$(loadavg)"
	printf '%s.\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
}

# loadavg: the 1, 5 and 15 minute load averages, as "0.52/0.61/0.70"
loadavg() {
	awk '{ print $1 "/" $2 "/" $3 }' /proc/loadavg 2>/dev/null || echo '?'
}

# ---------------------------------------------------------------- inputs

# The sales data spans three years, 2022-07-01 to 2025-06-30 (days 19174
# to 20269 since 1970-01-01); the reports are asked as of its last day.
AS_OF=2025-06-30
# Awk functions shared by the generators of the purchase benchmarks:
# customer_created(i, n) is customer i's created day (of n), increasing
# with the id: the first 70 % from 2012 to 2022-06-30, the rest over the
# sales window.
AWK_SALES='
function customer_created(i, n,   f) {
	f = (i - 0.5) / n
	if (f < 0.7) return 15340 + int((19173 - 15340) * f / 0.7)
	return 19174 + int((20269 - 19174) * (f - 0.7) / 0.3)
}
'

# gen_customers N FILE [sales]: N customers as TSV, the same bytes on every
# run (its own Park-Miller generator, so mawk and gawk agree).  Cards and
# e-mails are unique; categories, sources and reasons are mixed with
# realistic weights; created dates run from 2012 to 2025, more of them in
# later years.
#
# With a third argument, the customers of the purchase benchmarks instead:
# a referred_by column, where about 30 % were brought by an earlier
# customer (some in long chains), their source then 'referral';
# and created dates in id order, as a shop hands out ids (customer_created
# in $AWK_SALES: 70 % before the sales begin, 2022-07-01, the rest spread
# over the three years of sales).  The other columns are drawn as above.
gen_customers() {
	awk -v n="$1" -v sale="${3:-0}" "$AWK_SALES"'
	function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
	function pick(w, k,   r, j) {     # index into weights w[1..k]
		r = rnd() * w[0]
		for (j = 1; j < k; j++) { if (r < w[j]) return j; r -= w[j] }
		return k
	}
	function day2date(z,   era, doe, yoe, y, doy, mp, d, m) {
		z += 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9
		return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
	}
	function list(s, a, asc,   k, i, p) {
		k = split(s, a, ",")
		for (i = 1; i <= k; i++) {
			p = index(a[i], "|")
			if (p) { asc[i] = substr(a[i], p + 1); a[i] = substr(a[i], 1, p - 1) }
			else asc[i] = tolower(a[i])
		}
		return k
	}
	BEGIN {
		seed = 20250101
		nf = list("Anna,Ben,Clara,David,Emma,Felix,Greta,Hugo,Ida,Jonas," \
		    "Karin,Lukas,Mia,Noah,Olga,Paul,Rosa,Sven,Tina,Uwe,Vera," \
		    "Walter,Yara,Zoë|zoe,Jürgen|juergen,José|jose,Søren|soeren," \
		    "Łukasz|lukasz,Chloé|chloe,Mehmet,Aisha,Wei,Priya,Olivia," \
		    "Liam,Sophie,Mateo,Elena,Tomás|tomas,Hannah", first, fasc)
		nl = list("Berg,Schmidt,Müller|mueller,Meyer,Weber,Fischer,Wagner," \
		    "Becker,Hoffmann,Schulz,Koch,Richter,Klein,Wolf,Neumann," \
		    "Schwarz,Braun,Zimmermann,Krüger|krueger,Hartmann,Lange," \
		    "O'\''Brien|obrien,García|garcia,Nowak,Jensen,Rossi,Dubois," \
		    "Kowalski,Andersson,Novák|novak,Yilmaz,Nguyen,Smith,Johnson," \
		    "van Dijk|vandijk,De Luca|deluca,Costa,Silva,Lindqvist,Popescu", last, lasc)
		nd = list("gmail.com,web.de,gmx.de,outlook.com,yahoo.com," \
		    "posteo.de,mail.com,example.org", dom, dasc)
		nc = list("regular,vip,problem,employee", cat, casc)
		split("80,10,6,4", cw, ","); cw[0] = 100
		ns = list("walk-in,web,referral,fair,newspaper", src, sasc)
		split("35,25,20,10,10", sw, ","); sw[0] = 100
		nr = list(",price,quality,location,service,recommendation,selection", why, rasc)
		split("15,20,20,15,12,10,8", rw, ","); rw[0] = 100
		pk = (100000 * 6364136223) % 1e10
		first_day = 15340           # 2012-01-01
		span = 20453 - first_day    # to 2025-12-31

		print "name\temail\tphone\tcard\tcategory\tsource\treason" \
		    (sale ? "\treferred_by" : "") "\tcreated"
		tail = 0
		for (i = 1; i <= n; i++) {
			f = int(rnd() * nf) + 1; l = int(rnd() * nl) + 1
			d = int(rnd() * nd) + 1
			# i -> i * P mod 10^10 is one-to-one (P is prime to 10^10):
			# unique cards in no particular order; i is split in two so
			# that every product stays exact in a double
			perm = ((int(i / 100000) * pk) % 1e10 + ((i % 100000) * 6364136223) % 1e10) % 1e10
			card = sprintf("4%05d%010.0f", int(rnd() * 100000), perm)
			phone = sprintf("+49 %d %07d", 30 + int(rnd() * 900), int(rnd() * 10000000))
			k = pick(cw, nc); so = src[pick(sw, ns)]; re = why[pick(rw, nr)]
			created = day2date(first_day + int(span * sqrt(rnd())))
			if (sale) {
				by = ""
				if (i > 1 && rnd() < 0.3) {
					# 1 in 5 referrals extends the current chain,
					# 1 in 100 starts a new one; the rest name any
					# earlier customer
					x = rnd()
					if (x < 0.2 && tail) by = tail
					else by = 1 + int(rnd() * (i - 1))
					if (x < 0.2 || x > 0.99) tail = i
				}
				if (by != "") so = "referral"
				else if (so == "referral") so = "walk-in"
				re = re "\t" by
				created = day2date(customer_created(i, n))
			}
			printf "%s %s\t%s.%s.%d@%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			    first[f], last[l], fasc[f], lasc[l], i, dom[d], phone, card,
			    cat[k], so, re, created
		}
	}' >"$2"
}

# gen_purchases P C FILE: P sales and returns of C customers (those of
# gen_customers C FILE sales) as TSV for crm-sale, the same bytes on every
# run, sorted by date like a till's export: the columns customer date
# amount cost ref item.
#
# - Days: 2022-07-01 to 2025-06-30; busier on Fridays and Saturdays, in
#   November and December, and growing by 30 % over the three years.
# - Customers: drawn by a Zipf-like weight (rank^-0.82, ranks scattered
#   over the ids), so the top 20 % hold about three quarters of the revenue;
#   a customer buys only from their created date, and a quarter of them
#   (those created early enough) stop for good at some date at least 200
#   days before the end: lapsed customers.
# - Items: 50, popular ones more often (rank^-0.8), each with its price;
#   1 to 3 of it, 20 % of sales 10 % off, scaled by a per-customer factor
#   of 0.6 to 1.4; the cost is 45 to 70 % of the amount.
# - Returns: 3 % of the lines give back one of the last 4096 sales (same
#   customer, item and cost, the amount negated), each sale at most once.
# - Refs: INV-00000001 up, unique.
gen_purchases() {
	awk -v n="$1" -v c="$2" "$AWK_SALES"'
	function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
	function day2date(z,   era, doe, yoe, y, doy, mp, d, m) {
		z += 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9
		return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
	}
	function frac(x) { return x - int(x) }
	function cents(v) { return sprintf("%s%d.%02d", v < 0 ? "-" : "", (v < 0 ? -v : v) / 100, (v < 0 ? -v : v) % 100) }
	BEGIN {
		seed = 20250630
		W0 = 19174; W1 = 20269
		s = 0.82; e = 1 - s; cm = c ^ e - 1
		M = 2147483629
		ni = split("coffee beans|1290,t-shirt|1990,socks|790,jeans|5990,sneakers|8990," \
		  "boots|12990,scarf|2490,gloves|1990,hat|2290,jacket|14990,sweater|6990," \
		  "shirt|3990,dress|7990,skirt|4490,belt|2990,wallet|3490,handbag|9990," \
		  "backpack|6490,umbrella|1690,sunglasses|8490,watch|19990,notebook|590," \
		  "pen set|1490,mug|990,tea|690,chocolate|450,candle|1290,soap|550," \
		  "shampoo|790,towel|1790,bed linen|4990,pillow|2990,blanket|5490," \
		  "lamp|3990,vase|2490,picture frame|1590,plant pot|1290,flowers|1990," \
		  "gift card|2500,book|1690,puzzle|1990,board game|3490,toy car|1290," \
		  "teddy bear|2190,headphones|7990,phone case|1990,charger|2490," \
		  "batteries|690,repair service|4990,wrapping|250", it, ",")
		iw[0] = 0
		for (j = 1; j <= ni; j++) {
			p = index(it[j], "|"); price[j] = substr(it[j], p + 1) + 0
			it[j] = substr(it[j], 1, p - 1)
			iw[j] = iw[j - 1] + 1 / j ^ 0.8     # item popularity, Zipf-like
		}
		split("0.5,0.8,0.85,0.9,1.0,1.2,1.5", wdf, ",")   # Sun..Sat
		tw = 0
		for (d = W0; d <= W1; d++) {
			ds[d] = day2date(d); mo = substr(ds[d], 6, 2) + 0
			w[d] = wdf[(d + 4) % 7 + 1] * (mo == 12 ? 1.4 : mo == 11 ? 1.1 : mo == 1 ? 0.8 : 1) \
			    * (1 + 0.3 * (d - W0) / (W1 - W0))
			tw += w[d]
		}
		RB = 4096; nb = 0; done = 0; cw = 0; ref = 0
		print "customer\tdate\tamount\tcost\tref\titem"
		for (d = W0; d <= W1; d++) {
			cw += w[d]; nd = int(n * cw / tw + 0.5) - done; done += nd
			for (q = 0; q < nd; q++) {
				ref++
				if (nb > 100 && rnd() < 0.03) {        # a return of a recent sale
					r = int(rnd() * (nb < RB ? nb : RB))
					if (!bret[r]) {
						bret[r] = 1
						printf "%d\t%s\t%s\t%s\tINV-%08d\t%s\n", bc[r], ds[d], cents(-ba[r]), cents(bk[r]), ref, it[bi[r]]
						continue
					}
				}
				for (;;) {   # a customer active on day d, drawn by weight
					k = int((1 + rnd() * cm) ^ (1 / e)); if (k > c) k = c
					id = ((k - 1) * M) % c + 1
					st = customer_created(id, c); if (st < W0) st = W0
					if (st > d) continue
					if (frac(id * 0.6180339887498949) < 0.25 && st < W1 - 200 &&
					    d > st + int((W1 - 200 - st) * frac(id * 0.7548776662466927))) continue
					break
				}
				x = rnd() * iw[ni]
				for (j = 1; j < ni && x >= iw[j]; j++) ;
				x = rnd(); qty = x < 0.75 ? 1 : x < 0.93 ? 2 : 3
				a = int(price[j] * qty * (0.6 + 0.8 * frac(id * 0.5698402909980532)) * (rnd() < 0.2 ? 0.9 : 1) + 0.5)
				k = int(a * (0.45 + 0.25 * rnd()) + 0.5)
				printf "%d\t%s\t%s\t%s\tINV-%08d\t%s\n", id, ds[d], cents(a), cents(k), ref, it[j]
				r = nb % RB; nb++
				bc[r] = id; ba[r] = a; bk[r] = k; bi[r] = j; bret[r] = 0
			}
		}
	}
	' >"$3"
}

# ---------------------------------------------------------------- benchmarks

# The sqlite3 side of the customer table: the same columns and unique
# indexes as crm (email compared without case, as crm does), WAL, and
# synchronous FULL as crm sets it.  The id is the rowid: `.import` binds
# the file's fields to the table's columns in order, so an `id INTEGER
# PRIMARY KEY` column in front would take the name; a rowid table is the
# same B-tree as one with an INTEGER PRIMARY KEY column.
sqlite_schema() {
	cat <<'EOF'
PRAGMA journal_mode = WAL;
CREATE TABLE customer (
  name TEXT NOT NULL, email TEXT COLLATE NOCASE, phone TEXT, card TEXT,
  category TEXT, source TEXT, reason TEXT, created TEXT);
CREATE UNIQUE INDEX customer_card ON customer(card);
CREATE UNIQUE INDEX customer_email ON customer(email);
EOF
}

# count DB: customers in DB
count() { sqlite3 "$1" 'SELECT count(*) FROM customer'; }

# bench_customer_import N: crm-add -q of customers-N.tsv into a new crm
# database against the sqlite3 shell's .import of it into the table above
# (with crm's page cache, $SQL_CACHE);
# $IMPORT_RUNS runs each, in turns, each into a new database: the median
# time and the largest peak RSS.
bench_customer_import() {
	n=$1
	tsv=$OUT/customers-$n.tsv
	cdb=$OUT/crm-$n.db
	sdb=$OUT/sqlite-$n.db
	printf 'PRAGMA synchronous = FULL;\n%s\n.mode tabs\n.import --skip 1 %s customer\n' \
		"$SQL_CACHE" "$tsv" >"$OUT/import-$n.sql"
	for f in import-crm.ms import-crm.rss import-sqlite.ms import-sqlite.rss; do
		: >"$OUT/$f"
	done
	k=1
	while [ "$k" -le "$IMPORT_RUNS" ]; do
		say "import of $n customers, run $k of $IMPORT_RUNS: crm-add"
		rm -f "$cdb" "$cdb-wal" "$cdb-shm"
		"$BIN/crm-init" -q --db "$cdb"
		timed "$BIN/crm-add" -q --db "$cdb" <"$tsv"
		echo "$ELAPSED_MS" >>"$OUT/import-crm.ms"
		echo "$RSS_KB" >>"$OUT/import-crm.rss"
		[ "$(count "$cdb")" = "$n" ] || die "crm-add did not add $n customers"

		say "import of $n customers, run $k of $IMPORT_RUNS: sqlite3 .import"
		rm -f "$sdb" "$sdb-wal" "$sdb-shm"
		sqlite_schema | sqlite3 "$sdb" >/dev/null
		timed sqlite3 "$sdb" <"$OUT/import-$n.sql"
		echo "$ELAPSED_MS" >>"$OUT/import-sqlite.ms"
		echo "$RSS_KB" >>"$OUT/import-sqlite.rss"
		[ "$(count "$sdb")" = "$n" ] || die "sqlite3 did not import $n customers"
		k=$((k + 1))
	done
	c_ms=$(median "$OUT/import-crm.ms")
	s_ms=$(median "$OUT/import-sqlite.ms")
	TARGET_NOTE=" (issue 3; issue 14 asks 0.7 at 1,000,000 rows)"
	result "customer import (crm-add -q vs .import), median of $IMPORT_RUNS" \
		"$(calc "$n" | group) rows" \
		"$(rate "$n" "$c_ms")" "$(rate "$n" "$s_ms")" \
		"$(calc "$s_ms / $c_ms")" \
		"$(sort -n "$OUT/import-crm.rss" | tail -n 1)" \
		"$(sort -n "$OUT/import-sqlite.rss" | tail -n 1)" \
		"$IMPORT_RATIO" "$RSS_LIMIT_MB"
	unset TARGET_NOTE
}

# bench_single_insert N: one crm-add --name --card against one sqlite3
# INSERT on the N-customer databases of bench_customer_import, median of
# $SINGLE_RUNS runs each, taken in turns.
bench_single_insert() {
	n=$1
	cdb=$OUT/crm-$n.db
	sdb=$OUT/sqlite-$n.db
	: >"$OUT/single-crm.ms"
	: >"$OUT/single-sqlite.ms"
	: >"$OUT/single-crm.rss"
	: >"$OUT/single-sqlite.rss"
	say "single insert: $SINGLE_RUNS runs each on $n customers"
	k=1
	while [ "$k" -le "$SINGLE_RUNS" ]; do
		card=$(printf '9%015d' "$k")
		timed "$BIN/crm-add" --db "$cdb" --name "Bench Single $k" \
			--card "$card" >/dev/null
		echo "$ELAPSED_MS" >>"$OUT/single-crm.ms"
		echo "$RSS_KB" >>"$OUT/single-crm.rss"
		timed sqlite3 "$sdb" "PRAGMA synchronous = FULL;
INSERT INTO customer (name, card, category, created)
VALUES ('Bench Single $k', '$card', 'regular', '$CRM_TODAY');"
		echo "$ELAPSED_MS" >>"$OUT/single-sqlite.ms"
		echo "$RSS_KB" >>"$OUT/single-sqlite.rss"
		k=$((k + 1))
	done
	c_ms=$(median "$OUT/single-crm.ms")
	s_ms=$(median "$OUT/single-sqlite.ms")
	result "single insert (crm-add --name --card vs INSERT), median of $SINGLE_RUNS" \
		"$(calc "$n" | group)-row db" \
		"$(calc "$c_ms" | awk '{ printf "%.2f ms", $1 }')" \
		"$(calc "$s_ms" | awk '{ printf "%.2f ms", $1 }')" \
		"$(calc "$s_ms / $c_ms")" \
		"$(sort -n "$OUT/single-crm.rss" | tail -n 1)" \
		"$(sort -n "$OUT/single-sqlite.rss" | tail -n 1)" \
		"$SINGLE_RATIO" "$RSS_LIMIT_MB"
}

# ---------------------------------------------------------------- sales

# sale_customers P: the customers of the P-purchase benchmarks: 1M from
# 1M purchases up, a tenth of the purchases below (at least 100)
sale_customers() {
	if [ -n "${BENCH_CUSTOMERS-}" ]; then
		echo "$BENCH_CUSTOMERS"
	elif [ "$1" -ge 1000000 ]; then
		echo 1000000
	else
		awk -v p="$1" 'BEGIN { c = int(p / 10); print (c < 100 ? 100 : c) }'
	fi
}

# sales_base C: a crm database with the C customers of gen_customers C
# FILE sales (their referrals and categories) and no purchases, made with
# crm-init and crm-add (not timed), checkpointed so that it is one file
sales_base() {
	c=$1
	base=$OUT/sales-base-$c.db
	say "generating $c customers with referrals, into a crm database"
	gen_customers "$c" "$OUT/sales-customers-$c.tsv" sales
	rm -f "$base" "$base-wal" "$base-shm"
	"$BIN/crm-init" -q --db "$base"
	"$BIN/crm-add" -q --db "$base" <"$OUT/sales-customers-$c.tsv"
	checkpoint "$base"
	[ "$(count "$base")" = "$c" ] || die "crm-add did not add $c customers"
}

# checkpoint DB: write DB's WAL into it and empty it (not timed), so that
# no timed run pays for an earlier run's checkpoint
checkpoint() {
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
}

# ms MS: a time as "123 ms" or "4.56 s"
ms() {
	awk -v ms="$1" 'BEGIN {
		if (ms < 1000) printf "%.0f ms", ms; else printf "%.2f s", ms / 1000 }'
}

# reset_runs NAME...: empty the files that collect each run's numbers
reset_runs() {
	for f in "$@"; do : >"$OUT/$f"; done
}

# sums DB TABLE AMOUNT COST: rows, total amount and total cost, in cents
sums() {
	sqlite3 "$1" "SELECT count(*), sum($3), sum($4) FROM $2"
}

# bench_sale_import P C: crm-sale -q of purchases-P.tsv into a copy of the
# C-customer database against the sqlite3 shell's .import of the same file
# into a staging table and one INSERT converting to cents into a purchase
# table with a unique index on ref and one on (customer_id, date); runs in
# turns, each into a new database: the median time and the largest RSS.
# In the same turns, the engine's floor (issue 14): the shell's raw
# .import of the same file into an all-TEXT table, no index, no
# conversion, in a new database: crm-sale at least $FLOOR_RATIO x of it.
# The last crm database stays for the reports: $OUT/crm-sales-P.db.
bench_sale_import() {
	p=$1
	c=$2
	tsv=$OUT/purchases-$p.tsv
	cdb=$OUT/crm-sales-$p.db
	sdb=$OUT/sqlite-sales-$p.db
	runs=$IMPORT_RUNS
	[ "$p" -ge 10000000 ] && runs=$BIG_IMPORT_RUNS
	cat >"$OUT/sale-import-$p.sql" <<-SQL
	PRAGMA synchronous = FULL;
	$SQL_CACHE
	CREATE TEMP TABLE staging (customer, date, amount, cost, ref, item);
	.mode tabs
	.import --skip 1 --schema temp $tsv staging
	INSERT OR IGNORE INTO purchase (customer_id, date, amount, cost, ref, item)
	SELECT customer, date, CAST(round(amount * 100) AS INTEGER),
	       CAST(round(cost * 100) AS INTEGER), ref, item FROM temp.staging;
	SQL
	rdb=$OUT/raw-sales-$p.db
	printf 'PRAGMA synchronous = FULL;\n%s\n.mode tabs\n.import --skip 1 %s purchase\n' \
		"$SQL_CACHE" "$tsv" >"$OUT/raw-import-$p.sql"
	reset_runs sale-crm.ms sale-crm.rss sale-sqlite.ms sale-sqlite.rss \
		sale-raw.ms sale-raw.rss
	k=1
	while [ "$k" -le "$runs" ]; do
		say "import of $p purchases, run $k of $runs: crm-sale"
		rm -f "$cdb" "$cdb-wal" "$cdb-shm"
		cp "$OUT/sales-base-$c.db" "$cdb"
		# else crm's commit would write the copy's pages out too
		sync "$cdb"
		timed "$BIN/crm-sale" -q --db "$cdb" <"$tsv"
		echo "$ELAPSED_MS" >>"$OUT/sale-crm.ms"
		echo "$RSS_KB" >>"$OUT/sale-crm.rss"

		say "import of $p purchases, run $k of $runs: sqlite3 .import"
		rm -f "$sdb" "$sdb-wal" "$sdb-shm"
		sqlite3 "$sdb" >/dev/null <<-'SQL'
		PRAGMA journal_mode = WAL;
		CREATE TABLE purchase (
		  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
		  date TEXT NOT NULL, amount INTEGER NOT NULL, cost INTEGER,
		  ref TEXT, item TEXT);
		CREATE UNIQUE INDEX purchase_ref ON purchase(ref);
		CREATE INDEX purchase_customer ON purchase(customer_id, date);
		SQL
		sync "$sdb"
		timed sqlite3 "$sdb" <"$OUT/sale-import-$p.sql"
		echo "$ELAPSED_MS" >>"$OUT/sale-sqlite.ms"
		echo "$RSS_KB" >>"$OUT/sale-sqlite.rss"

		say "import of $p purchases, run $k of $runs: sqlite3 raw .import"
		raw_import "$p" "$rdb"
		k=$((k + 1))
	done
	[ "$(sqlite3 "$rdb" 'SELECT count(*) FROM purchase')" = "$p" ] ||
		die "sqlite3's raw .import did not import $p lines"
	rm -f "$rdb" "$rdb-wal" "$rdb-shm"
	checkpoint "$cdb"
	a=$(sums "$cdb" purchase amount cost)
	b=$(sums "$sdb" purchase amount cost)
	[ "${a%%|*}" = "$p" ] || die "crm-sale did not record $p purchases ($a)"
	[ "${b%%|*}" = "$p" ] || die "sqlite3 did not import $p purchases ($b)"
	same=no
	[ "$a" = "$b" ] && same=yes
	c_ms=$(median "$OUT/sale-crm.ms")
	s_ms=$(median "$OUT/sale-sqlite.ms")
	result "sale import (crm-sale -q vs .import + INSERT), median of $runs" \
		"$(calc "$p" | group) rows" \
		"$(rate "$p" "$c_ms")" "$(rate "$p" "$s_ms")" \
		"$(calc "$s_ms / $c_ms")" \
		"$(sort -n "$OUT/sale-crm.rss" | tail -n 1)" \
		"$(sort -n "$OUT/sale-sqlite.rss" | tail -n 1)" \
		"$SALE_RATIO" "$SALES_RSS_MB" "$same"
	r_ms=$(median "$OUT/sale-raw.ms")
	TARGET_NOTE=" (issue 14)"
	result "sale import vs the engine's floor (crm-sale -q vs raw .import into all-TEXT columns), median of $runs" \
		"$(calc "$p" | group) rows" \
		"$(rate "$p" "$c_ms")" "$(rate "$p" "$r_ms")" \
		"$(calc "$r_ms / $c_ms")" \
		"$(sort -n "$OUT/sale-crm.rss" | tail -n 1)" \
		"$(sort -n "$OUT/sale-raw.rss" | tail -n 1)" \
		"$FLOOR_RATIO" "$SALES_RSS_MB"
	unset TARGET_NOTE
}

# raw_import P DB: the engine's floor, timed into sale-raw.ms and .rss:
# the shell's .import of purchases-P.tsv into a new database DB whose one
# table has the file's six columns, all TEXT, no key, no index (WAL and
# synchronous FULL, crm's page cache, as the other two sides)
raw_import() {
	rm -f "$2" "$2-wal" "$2-shm"
	sqlite3 "$2" >/dev/null <<-'SQL'
	PRAGMA journal_mode = WAL;
	CREATE TABLE purchase (customer TEXT, date TEXT, amount TEXT,
	  cost TEXT, ref TEXT, item TEXT);
	SQL
	sync "$2"
	timed sqlite3 "$2" <"$OUT/raw-import-$1.sql"
	echo "$ELAPSED_MS" >>"$OUT/sale-raw.ms"
	echo "$RSS_KB" >>"$OUT/sale-raw.rss"
}

# bench_query NAME BENCHMARK SQLFILE CMD ARGS...: CMD --db (the sales
# database) against `sqlite3 DB < SQLFILE` (after $SQL_CACHE), both
# printing to files, $REPORT_RUNS runs each in turns: the median time and
# the largest RSS.  When DUCK_SQL names a file, DuckDB runs it on its own
# file ($DUCK_DB) too, in the same turns (bench/duckdb.mjs).  The outputs
# are then compared with crm's: byte for byte, or only in the columns
# CMP_FIELDS (cut -f) when it is set.
bench_query() {
	name=$1
	what=$2
	sql=$3
	shift 3
	q=$OUT/q-$name.sql
	{ echo "$SQL_CACHE"; cat "$sql"; } >"$q"
	reset_runs q-crm.ms q-crm.rss q-sqlite.ms q-sqlite.rss q-duck.ms q-duck.rss
	k=1
	while [ "$k" -le "$REPORT_RUNS" ]; do
		say "$what on $SALES_INPUT, run $k of $REPORT_RUNS"
		timed "$@" --db "$SALES_DB" >"$OUT/$name.crm.out"
		echo "$ELAPSED_MS" >>"$OUT/q-crm.ms"
		echo "$RSS_KB" >>"$OUT/q-crm.rss"
		timed sqlite3 "$SALES_DB" <"$q" >"$OUT/$name.sqlite.out"
		echo "$ELAPSED_MS" >>"$OUT/q-sqlite.ms"
		echo "$RSS_KB" >>"$OUT/q-sqlite.rss"
		if [ -n "${DUCK_SQL-}" ]; then
			timed node "$DUCK_JS" "$DUCK_DB" "$DUCK_SQL" \
				>"$OUT/$name.duckdb.out"
			echo "$ELAPSED_MS" >>"$OUT/q-duck.ms"
			echo "$RSS_KB" >>"$OUT/q-duck.rss"
		fi
		k=$((k + 1))
	done
	same=$(same_answer "$name" sqlite sqlite3 "$what")
	[ -n "${DUCK_SQL-}" ] &&
		same="$same; DuckDB $(same_answer "$name" duckdb DuckDB "$what")"
	[ -n "${CMP_FIELDS-}" ] && same="$same (columns $CMP_FIELDS)"
	purchase_path "$name" "$what" "$@" --db "$SALES_DB"
	same="$same; purchase path yes"
	c_ms=$(median "$OUT/q-crm.ms")
	s_ms=$(median "$OUT/q-sqlite.ms")
	set -- "$what vs bench/${sql#"$ROOT/bench/"}, median of $REPORT_RUNS" \
		"$SALES_INPUT" "$(ms "$c_ms")" "$(ms "$s_ms")" \
		"$(calc "$s_ms / $c_ms")" \
		"$(sort -n "$OUT/q-crm.rss" | tail -n 1)" \
		"$(sort -n "$OUT/q-sqlite.rss" | tail -n 1)" \
		"$REPORT_RATIO" "$SALES_RSS_MB" "$same"
	if [ -n "${DUCK_SQL-}" ]; then
		d_ms=$(median "$OUT/q-duck.ms")
		set -- "$@" "$(ms "$d_ms")" "$(calc "$d_ms / $c_ms")" \
			"$(sort -n "$OUT/q-duck.rss" | tail -n 1)"
	fi
	result "$@"
}

# purchase_path NAME WHAT CMD ARGS...: CMD once more, untimed, with
# CRM_NO_SUMMARIES=1 (every report reads the purchases instead of the
# summaries, issue 14); stops the run unless it prints what the timed runs
# printed ($OUT/NAME.crm.out), and, when ALSO_OUT names a file the command
# writes, unless it writes that file the same too
purchase_path() {
	name=$1
	what=$2
	shift 2
	[ -n "${ALSO_OUT-}" ] && mv "$ALSO_OUT" "$ALSO_OUT.crm"
	say "$what on $SALES_INPUT: the purchase path (CRM_NO_SUMMARIES=1)"
	CRM_NO_SUMMARIES=1 "$@" >"$OUT/$name.purchase.out" ||
		die "failed: CRM_NO_SUMMARIES=1 $*"
	cmp -s "$OUT/$name.crm.out" "$OUT/$name.purchase.out" ||
		die "$what: the purchase path (CRM_NO_SUMMARIES=1) answers" \
			"differently from the summaries:" \
			"diff $OUT/$name.crm.out $OUT/$name.purchase.out"
	if [ -n "${ALSO_OUT-}" ]; then
		cmp -s "$ALSO_OUT.crm" "$ALSO_OUT" ||
			die "$what: the purchase path (CRM_NO_SUMMARIES=1) writes" \
				"a different file: diff $ALSO_OUT.crm $ALSO_OUT"
	fi
	return 0
}

# same_answer NAME SUFFIX PEER WHAT: yes when $OUT/NAME.SUFFIX.out is
# crm's answer ($OUT/NAME.crm.out), in the columns CMP_FIELDS when set
# (cut -f), else no, with the diff to run on stderr
same_answer() {
	a=$OUT/$1.crm.out
	b=$OUT/$1.$2.out
	if [ -n "${CMP_FIELDS-}" ]; then
		cut -f "$CMP_FIELDS" "$a" >"$OUT/$1.crm.cut"
		cut -f "$CMP_FIELDS" "$b" >"$OUT/$1.$2.cut"
		a=$OUT/$1.crm.cut
		b=$OUT/$1.$2.cut
	fi
	if cmp -s "$a" "$b"; then
		echo yes
	else
		echo no
		say "$4: crm and $3 answer differently: diff $a $b"
	fi
}

# duck_sql NAME: bench/duckdb/NAME.sql when DuckDB is measured, else
# nothing (bench_query's DUCK_SQL)
duck_sql() {
	[ "$DUCKDB" = yes ] && [ -n "${DUCK_DB-}" ] && echo "$DUCK_SQL_DIR/$1.sql"
	return 0
}

# duck_load P: DuckDB's own file, $DUCK_DB, loaded from crm's sales
# database: the columns the seven questions read, exported by the sqlite3
# shell as CSV (not timed), then read by DuckDB's read_csv into tables of
# the same names and types (timed once, as a load, and listed with the
# data, not in the table)
duck_load() {
	DUCK_DB=$OUT/duck-sales-$1.duckdb
	rm -f "$DUCK_DB" "$DUCK_DB.wal"
	say "exporting $SALES_INPUT for DuckDB"
	sqlite3 "$SALES_DB" <<-SQL
	.headers on
	.mode csv
	.once $OUT/duck-category.csv
	SELECT id, name, deleted FROM category;
	.once $OUT/duck-customer.csv
	SELECT id, name, category_id, status, lost_day, created FROM customer;
	.once $OUT/duck-purchase.csv
	SELECT customer_id, day, amount, cost, category_id FROM purchase;
	SQL
	cat >"$OUT/duck-load.sql" <<-SQL
	CREATE TABLE category AS SELECT * FROM read_csv('$OUT/duck-category.csv',
	  header = true, columns = {'id': 'INTEGER', 'name': 'VARCHAR',
	  'deleted': 'INTEGER'});
	CREATE TABLE customer AS SELECT * FROM read_csv('$OUT/duck-customer.csv',
	  header = true, columns = {'id': 'INTEGER', 'name': 'VARCHAR',
	  'category_id': 'INTEGER', 'status': 'VARCHAR', 'lost_day': 'INTEGER',
	  'created': 'INTEGER'});
	CREATE TABLE purchase AS SELECT * FROM read_csv('$OUT/duck-purchase.csv',
	  header = true, columns = {'customer_id': 'INTEGER', 'day': 'INTEGER',
	  'amount': 'BIGINT', 'cost': 'BIGINT', 'category_id': 'INTEGER'});
	CHECKPOINT;
	SQL
	say "loading $SALES_INPUT into DuckDB's file"
	timed node "$DUCK_JS" "$DUCK_DB" "$OUT/duck-load.sql" >/dev/null
	n=$(printf 'SELECT count(*) AS n FROM purchase;\n' >"$OUT/duck-count.sql" &&
		node "$DUCK_JS" "$DUCK_DB" "$OUT/duck-count.sql" | tail -n 1)
	[ "$n" = "$(count_purchases "$SALES_DB")" ] ||
		die "DuckDB's file holds $n purchases, crm's database more or fewer"
	rm -f "$OUT/duck-category.csv" "$OUT/duck-customer.csv" \
		"$OUT/duck-purchase.csv"
	load_ms=$ELAPSED_MS
	load_kb=$RSS_KB
	duck_start
	fmt="- %s: DuckDB's file loaded from CSV in %s (peak RSS %s MB), %s MB"
	fmt="$fmt on disk; DuckDB's start alone (node, the library, opening the"
	fmt="$fmt file, \`SELECT 1\`) takes %s at %s MB peak RSS (median of %s),"
	fmt="$fmt included in every DuckDB time and RSS above.\\n"
	# shellcheck disable=SC2059 # the format is built above
	printf -- "$fmt" \
		"$SALES_INPUT" "$(ms "$load_ms")" "$(mb "$load_kb")" \
		"$(du -k "$DUCK_DB" | awk '{ printf "%.1f", $1 / 1024 }')" \
		"$(ms "$(median "$OUT/q-duck.ms")")" \
		"$(mb "$(sort -n "$OUT/q-duck.rss" | tail -n 1)")" \
		"$REPORT_RUNS" >>"$OUT/data.md"
}

# duck_start: DuckDB's fixed cost, $REPORT_RUNS runs of `SELECT 1` on its
# file (starting node, loading the library, opening the file), into
# q-duck.ms and q-duck.rss: what every DuckDB time includes before any work
duck_start() {
	printf 'SELECT 1 AS one;\n' >"$OUT/duck-start.sql"
	reset_runs q-duck.ms q-duck.rss
	k=1
	while [ "$k" -le "$REPORT_RUNS" ]; do
		timed node "$DUCK_JS" "$DUCK_DB" "$OUT/duck-start.sql" >/dev/null
		echo "$ELAPSED_MS" >>"$OUT/q-duck.ms"
		echo "$RSS_KB" >>"$OUT/q-duck.rss"
		k=$((k + 1))
	done
}

# mb KB: KiB as MB with one decimal
mb() {
	awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'
}

# count_purchases DB: the purchases in crm's database DB
count_purchases() {
	sqlite3 "$1" 'SELECT count(*) FROM purchase'
}

# bench_alone NAME BENCHMARK LIMIT_S CMD ARGS...: CMD alone, $REPORT_RUNS
# runs, its output to a file: the median time and the largest RSS; then
# the purchase path must print the same.  The limits are LIMIT_S and
# $SALES_RSS_MB, or with ALONE_OLD="S MB" (an older target, issue 6)
# issue 14's LIMIT_S and $DUCK_RSS_MB, with the older stated beside them.
bench_alone() {
	name=$1
	what=$2
	limit=$3
	shift 3
	reset_runs q-crm.ms q-crm.rss
	k=1
	while [ "$k" -le "$REPORT_RUNS" ]; do
		say "$what on $SALES_INPUT, run $k of $REPORT_RUNS"
		timed "$@" >"$OUT/$name.crm.out"
		echo "$ELAPSED_MS" >>"$OUT/q-crm.ms"
		echo "$RSS_KB" >>"$OUT/q-crm.rss"
		k=$((k + 1))
	done
	purchase_path "$name" "$what" "$@"
	rss=$SALES_RSS_MB
	[ -n "${ALONE_OLD-}" ] && rss=$DUCK_RSS_MB
	# shellcheck disable=SC2086 # ALONE_OLD is two words on purpose
	result_alone "$what, median of $REPORT_RUNS" "$SALES_INPUT" \
		"$(median "$OUT/q-crm.ms")" \
		"$(sort -n "$OUT/q-crm.rss" | tail -n 1)" "$limit" "$rss" \
		"purchase path yes" ${ALONE_OLD-}
}

# duck_ask NAME: the next bench_query asks DuckDB bench/duckdb/NAME.sql
# too (when DuckDB is measured), and its row carries issue 14's target
# against DuckDB (DUCK_TARGET, even when DuckDB is left out); duck_done
# ends that
duck_ask() {
	DUCK_SQL=$(duck_sql "$1")
	DUCK_TARGET=yes
}
duck_done() { unset DUCK_SQL DUCK_TARGET; }

bench_top() {
	duck_ask top
	bench_query top "crm-top --percent 20 --period year" "$SQL/top.sql" \
		"$BIN/crm-top" --percent 20 --period year --as-of "$AS_OF"
	duck_done
}

# issue 14's "top 20 % all-time, cumulative share"
bench_top_all() {
	duck_ask top-all
	bench_query top-all "crm-top --percent 20" "$SQL/top-all.sql" \
		"$BIN/crm-top" --percent 20 --as-of "$AS_OF"
	duck_done
}

bench_value_category() {
	duck_ask value-category
	bench_query value-category "crm-value --by category --period year" \
		"$SQL/value-category.sql" \
		"$BIN/crm-value" --by category --period year --as-of "$AS_OF"
	duck_done
}

bench_value_month() {
	duck_ask value-month
	bench_query value-month \
		"crm-value --period month --from 2024-07-01 --to 2025-06-30" \
		"$SQL/value-month.sql" \
		"$BIN/crm-value" --period month --from 2024-07-01 \
		--to 2025-06-30 --as-of "$AS_OF"
	duck_done
}

# the plain GROUP BY leaves usual_gap empty: compare the other columns
bench_lapsed_days() {
	CMP_FIELDS=1-7,9
	duck_ask lapsed-days
	bench_query lapsed-days "crm-lapsed --days 90" \
		"$SQL/lapsed-days.sql" \
		"$BIN/crm-lapsed" --days 90 --as-of "$AS_OF"
	unset CMP_FIELDS
	duck_done
}

bench_lapsed_days_gap() {
	bench_query lapsed-days-gap "crm-lapsed --days 90" \
		"$SQL/lapsed-days-gap.sql" \
		"$BIN/crm-lapsed" --days 90 --as-of "$AS_OF"
}

bench_lapsed_auto() {
	duck_ask lapsed-auto
	bench_query lapsed-auto "crm-lapsed --auto" "$SQL/lapsed-auto.sql" \
		"$BIN/crm-lapsed" --auto --as-of "$AS_OF"
	duck_done
}

bench_lapsed_model() {
	bench_alone lapsed-model "crm-lapsed --model bgnbd --params" "$MODEL_S" \
		"$BIN/crm-lapsed" --model bgnbd --params --as-of "$AS_OF" \
		--db "$SALES_DB"
}

bench_referrals() {
	bench_query referrals crm-referrals "$ROOT/bench/referrals-sql.sql" \
		"$BIN/crm-referrals" --as-of "$AS_OF"
}

bench_rfm() {
	duck_ask rfm-summary
	bench_query rfm-summary "crm-rfm --summary" "$SQL/rfm-summary.sql" \
		"$BIN/crm-rfm" --summary --as-of "$AS_OF"
	duck_done
}

bench_habits_weekday() {
	bench_query habits-weekday "crm-habits --by weekday" \
		"$SQL/habits-weekday.sql" \
		"$BIN/crm-habits" --by weekday --as-of "$AS_OF"
}

# also the query plans: crm-habits --item must answer from an index
bench_habits_item() {
	bench_query habits-item "crm-habits --item scarf --since 2025-01-01" \
		"$SQL/habits-item.sql" \
		"$BIN/crm-habits" --item scarf --since 2025-01-01 --as-of "$AS_OF"
	{
		echo "EXPLAIN QUERY PLAN of crm-habits --item's statement"
		echo "(copied from crm_db_item_buyers in src/lib/db-habits.c)"
		echo "on $SALES_INPUT:"
		echo
		echo '```'
		# crm_db_item_buyers(), with its parameters bound by hand and
		# lower(item) GLOB for crm_glob(), a function the shell lacks:
		# the items that start with "scar" in any case (16 ranges, two
		# shown) walked in the index, the matching ones searched in it
		sqlite3 "$SALES_DB" <<-'SQL'
		EXPLAIN QUERY PLAN
		WITH RECURSIVE r(lo, hi) AS (VALUES ('scar', 'scas'), ('SCAR', 'SCAS')),
		items(item, hi) AS (
		  SELECT (SELECT item FROM purchase INDEXED BY purchase_item
		   WHERE item >= r.lo AND item < r.hi ORDER BY item LIMIT 1), r.hi
		    FROM r
		  UNION ALL SELECT (SELECT item FROM purchase INDEXED BY purchase_item
		   WHERE item > items.item AND item < items.hi
		   ORDER BY item LIMIT 1), items.hi
		    FROM items WHERE items.item IS NOT NULL)
		SELECT p.customer_id, (SELECT name FROM customer
		       WHERE id = p.customer_id), p.item, count(*), max(p.day)
		  FROM purchase p INDEXED BY purchase_item
		 WHERE p.item IN (SELECT item FROM items WHERE item IS NOT NULL
		                  AND (lower(item) GLOB 'scarf'))
		   AND p.day BETWEEN 20089 AND 20269 AND p.amount >= 0
		 GROUP BY p.customer_id, p.item ORDER BY p.customer_id, p.item;
		SQL
		echo '```'
		echo
		echo "EXPLAIN QUERY PLAN of bench/sql/habits-item.sql:"
		echo
		echo '```'
		sed -n '/^SELECT/,$p' "$SQL/habits-item.sql" |
			sed '1s/^/EXPLAIN QUERY PLAN /' | sqlite3 "$SALES_DB"
		echo '```'
		echo
	} >"$OUT/plans.md"
}

# crm-report only once it exists (issue 6)
bench_report() {
	if [ ! -x "$BIN/crm-report" ]; then
		say "no $BIN/crm-report yet: its benchmark is left out"
		return 0
	fi
	set -- "$BIN/crm-report" --db "$SALES_DB" --html "$OUT/report.html"
	"$BIN/crm-report" --help 2>&1 | grep -q -- '--as-of' &&
		set -- "$@" --as-of "$AS_OF"
	# issue 14's limits, issue 6's beside them; the purchase path must
	# write the same HTML too
	ALONE_OLD="$REPORT_S $SALES_RSS_MB"
	ALSO_OUT=$OUT/report.html
	bench_alone report "crm-report --html out.html" "$NIGHTLY_S" "$@"
	unset ALONE_OLD ALSO_OUT
}

# bench_single_write P C: one write on the loaded sales database of P
# purchases (issue 14): one crm-add (a new customer) and one crm-sale (a
# new ref, an existing customer) against one sqlite3 "INSERT ..." into
# the bench's schema, the customer table of bench_customer_import and the
# purchase table of bench_sale_import, $SINGLE_RUNS runs each in turns,
# the median.  Both sides write to a COPY: crm to one of crm-sales-P.db,
# the shell to one of sqlite-sales-P.db that also holds the same C
# customers in the bench's customer table (filled before, not timed), so
# the reports' database is never changed.
bench_single_write() {
	p=$1
	c=$2
	sdb=$OUT/sqlite-sales-$p.db
	[ -f "$sdb" ] ||
		die "$sdb is missing: run the sale_import measurement first"
	cw=$OUT/write-crm.db
	sw=$OUT/write-sqlite.db
	input="$(calc "$p" | group) purchases, $(calc "$c" | group) customers"
	say "single writes on $input: copying the databases"
	checkpoint "$SALES_DB"
	checkpoint "$sdb"
	rm -f "$cw" "$cw-wal" "$cw-shm" "$sw" "$sw-wal" "$sw-shm"
	cp "$SALES_DB" "$cw"
	cp "$sdb" "$sw"
	ctsv=$OUT/sales-customers-$c.tsv
	[ -f "$ctsv" ] || gen_customers "$c" "$ctsv" sales
	# the bench's customer table takes no referred_by column
	cut -f 1-7,9 "$ctsv" >"$OUT/write-customers.tsv"
	{
		sqlite_schema | sed 1d
		printf '.mode tabs\n.import --skip 1 %s customer\n' \
			"$OUT/write-customers.tsv"
	} | sqlite3 "$sw" >/dev/null
	rm -f "$OUT/write-customers.tsv"
	checkpoint "$sw"
	[ "$(count "$sw")" = "$c" ] || die "sqlite3 did not import $c customers"
	sync "$cw" "$sw"
	# an existing customer who is active, the same id on both sides
	id=$(sqlite3 "$cw" "SELECT id FROM customer WHERE status = 'active'
		ORDER BY id LIMIT 1 OFFSET $((c / 2))")
	[ -n "$id" ] || die "no active customer in $cw"
	reset_runs write-add.ms write-add.rss write-ins-c.ms write-ins-c.rss \
		write-sale.ms write-sale.rss write-ins-p.ms write-ins-p.rss
	say "single writes: $SINGLE_RUNS runs each on $input"
	k=1
	while [ "$k" -le "$SINGLE_RUNS" ]; do
		card=$(printf '8%015d' "$k")
		ref=$(printf 'BENCH-W-%06d' "$k")
		timed "$BIN/crm-add" --db "$cw" --name "Bench Write $k" \
			--card "$card" >/dev/null
		echo "$ELAPSED_MS" >>"$OUT/write-add.ms"
		echo "$RSS_KB" >>"$OUT/write-add.rss"
		timed sqlite3 "$sw" "PRAGMA synchronous = FULL;
INSERT INTO customer (name, card, category, created)
VALUES ('Bench Write $k', '$card', 'regular', '$CRM_TODAY');"
		echo "$ELAPSED_MS" >>"$OUT/write-ins-c.ms"
		echo "$RSS_KB" >>"$OUT/write-ins-c.rss"
		timed "$BIN/crm-sale" --db "$cw" --cost 9.00 --ref "$ref" \
			--item scarf "$id" 19.90 >/dev/null
		echo "$ELAPSED_MS" >>"$OUT/write-sale.ms"
		echo "$RSS_KB" >>"$OUT/write-sale.rss"
		timed sqlite3 "$sw" "PRAGMA synchronous = FULL;
INSERT INTO purchase (customer_id, date, amount, cost, ref, item)
VALUES ($id, '$CRM_TODAY', 1990, 900, '$ref', 'scarf');"
		echo "$ELAPSED_MS" >>"$OUT/write-ins-p.ms"
		echo "$RSS_KB" >>"$OUT/write-ins-p.rss"
		k=$((k + 1))
	done
	[ "$(sqlite3 "$cw" "SELECT count(*) FROM purchase WHERE ref LIKE 'BENCH-W-%'")" = "$SINGLE_RUNS" ] ||
		die "crm-sale did not record $SINGLE_RUNS sales in $cw"
	rm -f "$cw" "$cw-wal" "$cw-shm" "$sw" "$sw-wal" "$sw-shm"
	write_row "crm-add --name --card vs INSERT INTO customer" write-add \
		write-ins-c "$input"
	write_row "crm-sale ID AMOUNT, a new ref, an existing customer, vs INSERT INTO purchase" \
		write-sale write-ins-p "$input"
}

# write_row WHAT CRM SQLITE INPUT: the row of one kind of single write,
# from the runs in $OUT/CRM.ms and $OUT/SQLITE.ms (and .rss)
write_row() {
	c_ms=$(median "$OUT/$2.ms")
	s_ms=$(median "$OUT/$3.ms")
	TARGET_NOTE=" (issue 14)"
	result "single write on the sales db ($1), median of $SINGLE_RUNS" \
		"$4 (a copy)" \
		"$(calc "$c_ms" | awk '{ printf "%.2f ms", $1 }')" \
		"$(calc "$s_ms" | awk '{ printf "%.2f ms", $1 }')" \
		"$(calc "$s_ms / $c_ms")" \
		"$(sort -n "$OUT/$2.rss" | tail -n 1)" \
		"$(sort -n "$OUT/$3.rss" | tail -n 1)" \
		"$WRITE_RATIO" "$RSS_LIMIT_MB"
	unset TARGET_NOTE
}

# describe_sales P C: what the generated data holds, for the README
describe_sales() {
	top=$("$BIN/crm-top" --db "$SALES_DB" --summary --period all \
		--as-of "$AS_OF")
	year=$("$BIN/crm-top" --db "$SALES_DB" --summary --period year \
		--as-of "$AS_OF")
	sqlite3 -separator ' ' "$SALES_DB" "
		SELECT (SELECT count(*) FROM customer),
		       (SELECT count(referred_by) FROM customer),
		       (SELECT count(*) FROM purchase),
		       (SELECT count(*) FROM purchase WHERE amount < 0),
		       (SELECT count(DISTINCT item) FROM purchase),
		       (SELECT count(*) FROM bonus),
		       (SELECT count(*) FROM (SELECT customer_id FROM purchase
		          WHERE amount >= 0 GROUP BY customer_id)),
		       (SELECT count(*) FROM (SELECT customer_id FROM purchase
		          WHERE amount >= 0 GROUP BY customer_id
		          HAVING max(day) <= 20269 - 200));" |
	awk -v top="$top" -v year="$year" -v input="$SALES_INPUT" '
	function g(n,   s, o) {         # thousands separators
		s = sprintf("%d", n); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o
		                        s = substr(s, 1, length(s) - 3) }
		return s o
	}
	{
		printf "- %s: %s referred by another customer; ", input, g($2)
		printf "%.1f %% of the lines are returns; %d items; ", 100 * $4 / $3, $5
		printf "%s bonus accruals; %s customers bought, ", g($6), g($7)
		printf "%s of them (%.0f %%) not in the last 200 days; ", g($8), 100 * $8 / $7
		printf "all time, %s; this year, %s.\n", top, year
	}' >>"$OUT/data.md"
}

# sales P: the purchase benchmarks on P purchases
sales() {
	p=$1
	c=$(sale_customers "$p")
	SALES_DB=$OUT/crm-sales-$p.db
	SALES_INPUT="$(calc "$p" | group) purchases, $(calc "$c" | group) customers"
	if wanted sale_import; then
		if ! [ -f "$OUT/sales-base-$c.db" ] || [ "${made_base-}" != "$c" ]; then
			sales_base "$c"
		fi
		made_base=$c
		say "generating $p purchases of $c customers"
		gen_purchases "$p" "$c" "$OUT/purchases-$p.tsv"
		bench_sale_import "$p" "$c"
	elif [ ! -f "$SALES_DB" ]; then
		die "$SALES_DB is missing: run the sale_import measurement first"
	fi
	checkpoint "$SALES_DB"
	describe_sales
	unset DUCK_DB
	if [ "$DUCKDB" = yes ] && { wanted top || wanted top_all ||
		wanted value_category || wanted value_month ||
		wanted lapsed_days || wanted lapsed_auto || wanted rfm; }; then
		duck_load "$p"
	fi
	for m in top top_all value_category value_month lapsed_days \
		lapsed_days_gap lapsed_auto lapsed_model referrals rfm habits_weekday \
		habits_item report postgres; do
		wanted "$m" && "bench_$m"
	done
	return 0
}

# group: integers on stdin with thousands separators
group() {
	awk '{ s = sprintf("%d", $1); o = ""
	       while (length(s) > 3) { o = "," substr(s, length(s) - 2) o
	                               s = substr(s, 1, length(s) - 3) }
	       print s o }'
}

# rate ROWS MS: "1.23 s, 45,600 rows/s"
rate() {
	r=$(calc "int($1 * 1000 / $2 + 0.5)" | group)
	awk -v ms="$2" -v r="$r" 'BEGIN { printf "%.2f s, %s rows/s", ms / 1000, r }'
}

# ---------------------------------------------------------------- main

write_readme() {
	if ! grep -q '^<!-- results -->$' "$README" ||
	   ! grep -q '^<!-- /results -->$' "$README"; then
		die "$README lacks the <!-- results --> and <!-- /results --> markers"
	fi
	awk -v f="$OUT/results.md" '
		$0 == "<!-- /results -->" { skip = 0 }
		!skip { print }
		$0 == "<!-- results -->" {
			print ""
			while ((getline l < f) > 0) print l
			print ""
			skip = 1
		}' "$README" >"$README.tmp"
	mv "$README.tmp" "$README"
}

main() {
	check_tools
	trap pg_stop EXIT
	# the crm measured: the commit of the sources when the run starts
	LOAD_START=$(loadavg)
	CRM_REV=
	if CRM_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null); then
		git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null ||
			CRM_REV="$CRM_REV with changes to src/"
	fi
	mkdir -p "$OUT"
	: >"$OUT/results.tsv"
	: >"$OUT/data.md"
	: >"$OUT/plans.md"
	: >"$OUT/pg.tsv"
	: >"$OUT/pg.md"
	single=
	for size in $SIZES; do
		wanted customer_import || wanted single_insert || break
		say "generating $size customers"
		gen_customers "$size" "$OUT/customers-$size.tsv"
		bench_customer_import "$size"
		# the single insert runs on the 100k database, else the largest
		if [ "$size" = 100000 ]; then
			single=$size
		elif [ "$single" != 100000 ] && [ "$size" -gt "${single:-0}" ]; then
			single=$size
		fi
	done
	[ -n "$single" ] && wanted single_insert && bench_single_insert "$single"
	largest=
	for p in $PURCHASES; do
		sales "$p"
		if [ "$p" -gt "${largest:-0}" ]; then largest=$p; fi
	done
	# single writes on the largest sales database (SALES_DB: set by sales)
	if [ -n "$largest" ] && wanted single_write; then
		SALES_DB=$OUT/crm-sales-$largest.db
		bench_single_write "$largest" "$(sale_customers "$largest")"
	fi

	{
		table
		echo
		if [ -s "$OUT/data.md" ]; then
			echo "Sales data (generated by gen_customers and gen_purchases):"
			echo
			cat "$OUT/data.md"
			echo
		fi
		cat "$OUT/plans.md"
		pg_table
		machine
	} >"$OUT/results.md"
	cat "$OUT/results.md"
	write_readme
	say "table written to bench/README.md (raw rows: bench/out/results.tsv)"
}

main
