#!/bin/sh
# tests/demo.sh -- a short crm session on a fresh sample database.
#
# Run by `make demo` (which builds first).  It uses the commands in bin/,
# a new database in a temporary directory (removed at the end) and
# CRM_TODAY=2025-06-30, so that its output is the same on every run.
# Every command is printed, after "$ ", before it runs, as it is written
# (hence $DEMO inside single quotes).
# shellcheck disable=SC2016

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$top"
if [ ! -x bin/crm-init ]; then
	echo "demo: no commands in $top/bin: run make first" >&2
	exit 1
fi

# Remove the temporary directory however the demo ends; a second ^C must
# not interrupt the removal (rm inherits the ignored signals).
DEMO=
trap 'trap "" HUP INT TERM; [ -z "$DEMO" ] || rm -rf "$DEMO"' EXIT
trap 'exit 130' HUP INT TERM
DEMO=$(mktemp -d "${TMPDIR:-/tmp}/crm-demo.XXXXXX")

# Only the demo's own database and settings, whatever the caller's are.
unset CRM_CONFIG CRM_BUSY_TIMEOUT
XDG_DATA_HOME=$DEMO/data
XDG_CONFIG_HOME=$DEMO/config
CRM_DB=$DEMO/crm.db
CRM_TODAY=2025-06-30
PATH=$top/bin:$PATH
export DEMO XDG_DATA_HOME XDG_CONFIG_HOME CRM_DB CRM_TODAY PATH

# say TEXT...: a blank line, then each TEXT as a comment line.
# run 'COMMAND': print it, then run it.
say() {
	echo
	for line; do
		printf '# %s\n' "$line"
	done
}
run() {
	printf '$ %s\n' "$1"
	eval "$1" || {
		status=$?
		echo "demo: failed with status $status: $1" >&2
		exit 1
	}
}

say "A fresh database in a temporary directory, and a fixed date:"
printf '$ DEMO=%s\n' "$DEMO"
printf '$ export CRM_DB=$DEMO/crm.db CRM_TODAY=%s\n' "$CRM_TODAY"

say "Create the database with the default categories:"
run 'crm-init'
run 'crm-categorize --list'

say "Register customers one by one; each command prints the new id:"
run "crm-add --name 'Anna Berg' --email anna.berg@example.org --phone '+46 70 555 0101' --card 400012345678 --source fair --reason 'free tasting'"
run "crm-add --name 'Per Lind' --email per.lind@example.org --source fair --reason 'came with Anna' --referred-by 1"
run "crm-add --name 'Björn Ek' --phone '+46 70 555 0103' --category problem --source web --note 'two unpaid invoices in 2024'"

say "Import the customers of an old system (TSV with a header), quietly:"
run 'head -3 tests/data/demo-customers.tsv'
run 'crm-add -q < tests/data/demo-customers.tsv'
run 'crm ls --columns id,name,category,source --category regular | head -5'

say "Everyone who came from the fair:"
run 'crm-ls --source fair --columns id,name,card,category,referred_by'

say "Make them all VIP in one batch, straight from the pipe:"
run "crm-ls --source fair | crm-categorize vip --note 'fair 2025'"
run 'crm-categorize --history'

say "One customer's profile:"
run 'crm-show 2'

say "Set the terms of the vip category, and look at all of them:"
run "crm-categorize --define vip --description 'Met us at a fair' --discount 5 --bonus 7.5"
run 'crm-categorize --list'
run 'crm-ls --category vip --columns id,name,card'

say "Half a year of the till's sales, imported as the nightly cron job does;" \
	"a sale whose ref is already recorded is skipped, so a rerun is safe:"
run 'head -3 tests/data/demo-sales.tsv'
run 'crm-sale < tests/data/demo-sales.tsv'
run 'crm-sale < tests/data/demo-sales.tsv'

say "Which group is the most profitable this year (a sale counts for the" \
	"category on its date: the fair's visitors became vip only today):"
run 'crm-value --by category --period year'

say "Surveys and a complaint, each with who served the customer, and how" \
	"each member of the staff fares:"
run 'crm-note -q --kind survey --score 5 --staff Uta 1 2'
run 'crm-note -q --kind survey --score 3 --staff Ben 3'
run 'crm-note -q --kind complaint --staff Ben --text "slow at the till" 3'
run 'crm-note --summary --by staff'

say "How much the best fifth of the customers hold, and this year's best tenth:"
run 'crm-top --summary'
run 'crm-top --percent 10 --period year'

say "Customers not seen for 90 days, to win back before they are gone:"
run 'crm-lapsed --days 90'

say "The nightly report for cron to mail (four of its sections):"
run 'crm-report --since 2025-06-01 --sections sales,categories,top,lapsed'

say "A consistent backup, checked, while the database stays live:"
run 'crm-backup "$DEMO/crm-2025-06-30.db"'
run 'crm-ls --db "$DEMO/crm-2025-06-30.db" -H | wc -l'

say "A German till's own export (semicolons, decimal commas, dates" \
	"TT.MM.JJJJ, a byte-order mark), read through a rules file; -n shows" \
	"the TSV the rules make, and writes nothing:"
run 'head -3 tests/data/till-de.csv'
run 'crm-sale -n --rules examples/till-de.rules < tests/data/till-de.csv'
run 'crm-sale --rules examples/till-de.rules < tests/data/till-de.csv'

say "The till's Verkäufer column became the sales' staff: who sold what" \
	"since June (sales without staff make the first row):"
run 'crm-value --by staff --from 2025-06-01 | cut -f 1-4'

say "Done; the temporary directory is removed."
