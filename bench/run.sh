#!/bin/sh
# bench/run.sh - the crm benchmark (make bench); see bench/README.md
#
#   BENCH_SIZES="10000 100000"   customer counts (default: 10000 100000 1000000)
#   BENCH_RUNS=N                 runs of each bulk import (default 3; median)
#   CRM_BIN=DIR                  the crm commands (default: ./bin)
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

case ${CRM_BIN-} in
'') BIN=$ROOT/bin ;;
/*) BIN=$CRM_BIN ;;
*) BIN=$here/$CRM_BIN ;;
esac
SIZES=${BENCH_SIZES:-10000 100000 1000000}
IMPORT_RUNS=${BENCH_RUNS:-3}  # runs of each bulk import; the median is reported
SINGLE_RUNS=21          # runs of each single insert; the median is reported
RSS_LIMIT_MB=50         # issue 3: peak RSS under 50 MB for any input size
IMPORT_RATIO=0.7        # issue 3: crm-add at least 0.7x sqlite3's .import
SINGLE_RATIO=1.0        # issue 3: one crm-add no slower than one INSERT

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
	case $IMPORT_RUNS in
	'' | *[!0-9]* | 0*) die "BENCH_RUNS: '$IMPORT_RUNS' is not a positive integer" ;;
	esac
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
#        MIN_RATIO MAX_RSS_MB
# appends one row to the results table.  RATIO is crm's speed divided by
# the sqlite3 shell's (above 1: crm is faster); the target is met when
# RATIO >= MIN_RATIO and crm's peak RSS < MAX_RSS_MB.
result() {
	awk -v b="$1" -v i="$2" -v c="$3" -v s="$4" -v r="$5" \
	    -v cr="$6" -v sr="$7" -v mr="$8" -v mm="$9" 'BEGIN {
		cm = cr / 1024; sm = sr / 1024
		met = (r + 0 >= mr + 0 && cm < mm + 0) ? "yes" : "**no**"
		printf "%s\t%s\t%s\t%s\t%.2f\t%.1f\t%.1f\t", b, i, c, s, r, cm, sm
		printf "speed >= %s, RSS < %s MB\t%s\n", mr, mm, met
	}' >>"$OUT/results.tsv"
}

# table: the results as a Markdown table
table() {
	printf '| benchmark | input | crm | sqlite3 shell | speed crm/sqlite3 '
	printf '| crm peak RSS (MB) | sqlite3 peak RSS (MB) | target | met |\n'
	printf '|---|---:|---:|---:|---:|---:|---:|---|---|\n'
	awk -F '\t' '{
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
		    $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$OUT/results.tsv"
}

machine() {
	cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo |
		head -n 1)
	mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	fs=$(df -PT "$OUT" 2>/dev/null | awk 'NR == 2 { print $2 }')
	printf 'Machine: %s, %s CPUs (%s), %s RAM, bench/out on %s; ' \
		"$(uname -m)" "$(nproc)" "${cpu:-unknown CPU}" "$mem" "${fs:-?}"
	printf 'sqlite3 %s (shell), %s (library crm links); %s.\n' \
		"$(sqlite3 --version | cut -d ' ' -f 1)" \
		"$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')" \
		"$(date -u '+%Y-%m-%d %H:%M UTC')"
}

# ---------------------------------------------------------------- inputs

# gen_customers N FILE: N customers as TSV, the same bytes on every run
# (its own Park-Miller generator, so mawk and gawk agree).  Cards and
# e-mails are unique; categories, sources and reasons are mixed with
# realistic weights; created dates run from 2012 to 2025, more of them in
# later years.
gen_customers() {
	awk -v n="$1" '
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

		print "name\temail\tphone\tcard\tcategory\tsource\treason\tcreated"
		for (i = 1; i <= n; i++) {
			f = int(rnd() * nf) + 1; l = int(rnd() * nl) + 1
			d = int(rnd() * nd) + 1
			# i -> i * P mod 10^10 is one-to-one (P is prime to 10^10):
			# unique cards in no particular order; i is split in two so
			# that every product stays exact in a double
			perm = ((int(i / 100000) * pk) % 1e10 + ((i % 100000) * 6364136223) % 1e10) % 1e10
			card = sprintf("4%05d%010.0f", int(rnd() * 100000), perm)
			phone = sprintf("+49 %d %07d", 30 + int(rnd() * 900), int(rnd() * 10000000))
			printf "%s %s\t%s.%s.%d@%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			    first[f], last[l], fasc[f], lasc[l], i, dom[d], phone, card,
			    cat[pick(cw, nc)], src[pick(sw, ns)], why[pick(rw, nr)],
			    day2date(first_day + int(span * sqrt(rnd())))
		}
	}' >"$2"
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
# database against the sqlite3 shell's .import of it into the table above;
# $IMPORT_RUNS runs each, in turns, each into a new database: the median
# time and the largest peak RSS.
bench_customer_import() {
	n=$1
	tsv=$OUT/customers-$n.tsv
	cdb=$OUT/crm-$n.db
	sdb=$OUT/sqlite-$n.db
	printf 'PRAGMA synchronous = FULL;\n.mode tabs\n.import --skip 1 %s customer\n' \
		"$tsv" >"$OUT/import-$n.sql"
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
	result "customer import (crm-add -q vs .import), median of $IMPORT_RUNS" \
		"$(calc "$n" | group) rows" \
		"$(rate "$n" "$c_ms")" "$(rate "$n" "$s_ms")" \
		"$(calc "$s_ms / $c_ms")" \
		"$(sort -n "$OUT/import-crm.rss" | tail -n 1)" \
		"$(sort -n "$OUT/import-sqlite.rss" | tail -n 1)" \
		"$IMPORT_RATIO" "$RSS_LIMIT_MB"
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
	mkdir -p "$OUT"
	: >"$OUT/results.tsv"
	single=
	for size in $SIZES; do
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
	bench_single_insert "$single"

	{
		table
		echo
		machine
	} >"$OUT/results.md"
	cat "$OUT/results.md"
	write_readme
	say "table written to bench/README.md (raw rows: bench/out/results.tsv)"
}

main
