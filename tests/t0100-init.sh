#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-init: database creation, modes, idempotence, categories, config'
. "$(dirname "$0")/lib.sh"

# Categories as crm-categorize --list prints them, without the description
# column (the default set's descriptions are the implementation's to word).
list_terms () {
	crm-categorize --list "$@" >list.raw &&
	cut -f1,3- list.raw
}

test_expect_success 'crm-init creates the database named by CRM_DB, silently' '
	crm-init >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	db_exists
'

test_expect_success SQLITE_DB 'the database file is made 0600' '
	test -f "$CRM_DB" &&
	test_file_mode -rw------- "$CRM_DB"
'

test_expect_success 'the new database holds the default categories and no customers' '
	tsv expect <<-\EOF &&
	category|discount|bonus|prepay|customers
	employee|10.0|0.0|no|0
	problem|0.0|0.0|yes|0
	regular|0.0|0.0|no|0
	vip|0.0|5.0|no|0
	EOF
	list_terms >actual &&
	test_cmp expect actual &&
	crm-ls >actual &&
	printf "id\tname\temail\tphone\tcard\tcategory\tsource\treason\treferred_by\tstatus\tcreated\tnote\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'regular is the default category' '
	crm-add --name "Anna" >out &&
	echo 1 >expect &&
	test_cmp expect out &&
	crm-ls --columns id,category >actual &&
	tsv expect <<-\EOF &&
	id|category
	1|regular
	EOF
	test_cmp expect actual
'

test_expect_success 'crm-init is idempotent: customers and changed categories are kept' '
	crm-categorize --define vip --bonus 7.5 &&
	db_snapshot before &&
	crm-init >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	crm-init &&
	db_snapshot after &&
	test_cmp before after &&
	crm-categorize --list >list &&
	grep "^vip	.*	7\.5	no	0$" list
'

test_expect_success SQLITE_DB 'crm-init on an existing database keeps its mode' '
	test_file_mode -rw------- "$CRM_DB"
'

test_expect_success SQLITE_DB 'the database is in WAL mode' '
	if test_have sqlite3
	then
		sqlite3 "$CRM_DB" "PRAGMA journal_mode" >mode &&
		echo wal >expect &&
		test_cmp expect mode
	fi
'

test_expect_success 'the default location is $XDG_DATA_HOME/crm/crm.db, made 0600 in a 0700 directory' '
	(
		unset CRM_DB &&
		umask 022 &&
		crm-init
	) &&
	test -f "$XDG_DATA_HOME/crm/crm.db" &&
	test_file_mode -rw------- "$XDG_DATA_HOME/crm/crm.db" &&
	test_file_mode drwx------ "$XDG_DATA_HOME/crm"
'

test_expect_success 'without XDG_DATA_HOME the default is ~/.local/share/crm/crm.db' '
	(
		unset CRM_DB XDG_DATA_HOME &&
		HOME="$TRASH/home2" &&
		mkdir "$HOME" &&
		umask 000 &&
		crm-init
	) &&
	test -f home2/.local/share/crm/crm.db &&
	test_file_mode -rw------- home2/.local/share/crm/crm.db &&
	test_file_mode drwx------ home2/.local/share/crm
'

# A mistyped path in a cron job must not start a second database.
for cmd in "crm-add --name Bob" "crm-sale 1 5" "crm-categorize vip 1" \
	"crm-edit 1 --email a@b" "crm-note 1 --text x" "crm-thank 1 --how gift" \
	"crm-lost 1 --reason price" "crm-bonus --redeem 1 1" \
	"crm-ls" "crm-show 1" "crm-value" "crm-top" "crm-lapsed" \
	"crm-referrals" "crm-habits" "crm-rfm" "crm-report" \
	"crm-categorize --list" "crm-backup copy.db"
do
	name=${cmd%% *}
	test_expect_success "$name does not create a database: 66, nothing made" "
		test_refused 66 '^$name: no database at self\\.db; create one with crm-init\$' \
			env CRM_DB=self.db $cmd </dev/null &&
		test ! -e self.db && test ! -e self.db-wal && test ! -e copy.db
	"
done

test_expect_success 'crm-init then a writer: the default categories' '
	crm-init --db self.db &&
	crm-add --db self.db --name Bob >out &&
	echo 1 >expect &&
	test_cmp expect out &&
	test_file_mode -rw------- self.db &&
	list_terms --db self.db >actual &&
	tsv expect <<-\EOF &&
	category|discount|bonus|prepay|customers
	employee|10.0|0.0|no|0
	problem|0.0|0.0|yes|0
	regular|0.0|0.0|no|1
	vip|0.0|5.0|no|0
	EOF
	test_cmp expect actual
'

test_expect_success 'a database path with spaces and UTF-8 works' '
	mkdir "my dir" &&
	crm-init --db "my dir/kunden ü.db" &&
	crm-add --db "my dir/kunden ü.db" --name "Zoë" >out &&
	crm-ls --db "my dir/kunden ü.db" -H --columns name >actual &&
	echo "Zoë" >expect &&
	test_cmp expect actual
'

test_expect_success '--db wins over CRM_DB' '
	crm-init --db other.db &&
	crm-add --db other.db --name Other >/dev/null &&
	crm-ls --db other.db -H --columns name >actual &&
	echo Other >expect &&
	test_cmp expect actual &&
	crm-ls -H --columns name >actual &&
	echo Anna >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Configuration

test_expect_success 'categories from the config replace the default set' '
	mkdir -p cfg1 &&
	cat >cfg1/config.yaml <<-\EOF &&
	# a comment
	default_category: gold
	categories:
	  gold: {description: "Gold customers", bonus: 2.5}
	  staff:
	    description: Staff
	    discount: 15
	  cash: {description: "Pays first", prepay: yes}
	  tiny: {bonus: 0.25}
	EOF
	crm-init --db cfg1.db --config cfg1/config.yaml &&
	crm-categorize --db cfg1.db --config cfg1/config.yaml --list >actual &&
	tsv expect <<-\EOF &&
	category|description|discount|bonus|prepay|customers
	cash|Pays first|0.0|0.0|yes|0
	gold|Gold customers|0.0|2.5|no|0
	staff|Staff|15.0|0.0|no|0
	tiny||0.0|0.25|no|0
	EOF
	test_cmp expect actual
'

test_expect_success 'default_category from the config is used by crm-add' '
	crm-add --db cfg1.db --config cfg1/config.yaml --name Gus >/dev/null &&
	crm-ls --db cfg1.db --config cfg1/config.yaml -H --columns name,category >actual &&
	printf "Gus\tgold\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'CRM_CONFIG names the config; --config wins over it' '
	mkdir -p cfg2 &&
	cat >cfg2/config.yaml <<-\EOF &&
	categories:
	  alpha: {description: A}
	default_category: alpha
	EOF
	CRM_CONFIG=cfg2/config.yaml crm-init --db cfg2.db &&
	crm-categorize --db cfg2.db --list -H >actual &&
	printf "alpha\tA\t0.0\t0.0\tno\t0\n" >expect &&
	test_cmp expect actual &&
	CRM_CONFIG=cfg2/config.yaml crm-init --db cfg3.db --config cfg1/config.yaml &&
	crm-categorize --db cfg3.db --list -H >actual &&
	cut -f1 actual >names &&
	printf "cash\ngold\nstaff\ntiny\n" >expect &&
	test_cmp expect names
'

test_expect_success 'the config in $XDG_CONFIG_HOME/crm/config.yaml is read by default' '
	mkdir -p "$XDG_CONFIG_HOME/crm" &&
	cat >"$XDG_CONFIG_HOME/crm/config.yaml" <<-\EOF &&
	categories:
	  xdg: {description: from xdg}
	default_category: xdg
	EOF
	crm-init --db xdg.db &&
	crm-categorize --db xdg.db --list -H >actual &&
	cut -f1 actual >names &&
	echo xdg >expect &&
	test_cmp expect names &&
	rm "$XDG_CONFIG_HOME/crm/config.yaml"
'

test_expect_success 'database: in the config is used when neither --db nor CRM_DB is given' '
	cat >cfgdb.yaml <<-EOF &&
	database: $TRASH/fromconfig.db
	EOF
	(
		unset CRM_DB &&
		crm-init --config cfgdb.yaml &&
		crm-add --config cfgdb.yaml --name Cfg >/dev/null
	) &&
	test -f fromconfig.db &&
	crm-ls --db fromconfig.db -H --columns name >actual &&
	echo Cfg >expect &&
	test_cmp expect actual
'

test_expect_success 'CRM_DB wins over database: in the config' '
	CRM_DB="$TRASH/envwins.db" crm-init --config cfgdb.yaml &&
	test -f envwins.db
'

test_expect_success 'a missing default config file is fine' '
	test ! -e "$XDG_CONFIG_HOME/crm/config.yaml" &&
	crm-ls >/dev/null
'

test_expect_success 'a missing explicit config file is an error naming it' '
	test_must_fail crm-init --db nocfg.db --config nope.yaml 2>err &&
	test_stderr_matches "^crm-init: .*nope\.yaml" err &&
	test_one_line err &&
	test ! -e nocfg.db &&
	test_must_fail env CRM_CONFIG=nope.yaml crm-ls 2>err &&
	test_stderr_matches "^crm-ls: .*nope\.yaml" err
'

test_expect_success 'malformed YAML is 78 with file, line and column; nothing is created' '
	cat >bad1.yaml <<-\EOF &&
	currency: EUR
	categories:
	  vip: {description: "unterminated
	EOF
	test_refused 78 "^crm-init: ([^ ]*/)?bad1\.yaml:[34]:[0-9]+: " crm-init --db bad1.db --config bad1.yaml &&
	test ! -e bad1.db
'

test_expect_success 'a value of the wrong type is 78 naming its line and column' '
	cat >bad2.yaml <<-\EOF &&
	currency: EUR
	# minor digits
	minor_digits: lots
	EOF
	test_refused 78 "^crm-init: ([^ ]*/)?bad2\.yaml:3:[0-9]+: .*minor_digits" crm-init --db bad2.db --config bad2.yaml &&
	test ! -e bad2.db
'

test_expect_success 'minor_digits out of range is 78' '
	printf "minor_digits: 5\n" >bad3.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?bad3\.yaml:1:[0-9]+: .*minor_digits" crm-ls --config bad3.yaml
'

test_expect_success 'an unknown key is 78 naming it, its line and column' '
	printf "currency: EUR\n\ndatabse: x.db\n" >bad4.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?bad4\.yaml:3:1: .*databse" crm-ls --config bad4.yaml
'

test_expect_success 'a bad category definition in the config is 78' '
	cat >bad5.yaml <<-\EOF &&
	categories:
	  vip: {bonus: 5}
	  odd: {discount: 150}
	EOF
	test_refused 78 "^crm-init: ([^ ]*/)?bad5\.yaml:3:[0-9]+: " crm-init --db bad5.db --config bad5.yaml &&
	test ! -e bad5.db &&
	cat >bad6.yaml <<-\EOF &&
	categories:
	  vip: {colour: red}
	EOF
	test_refused 78 "^crm-init: ([^ ]*/)?bad6\.yaml:2:[0-9]+: .*colour" crm-init --db bad6.db --config bad6.yaml &&
	test ! -e bad6.db
'

test_expect_success 'busy_timeout must be a number' '
	printf "busy_timeout: soon\n" >bad7.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?bad7\.yaml:1:[0-9]+: .*busy_timeout" crm-ls --config bad7.yaml
'

test_expect_success 'a category defined twice is 78 at the second, naming the first (65 in --load)' '
	cat >dup1.yaml <<-\EOF &&
	categories:
	  vip: {discount: 5}
	  gold:
	  vip:
	EOF
	test_refused 78 "^crm-init: ([^ ]*/)?dup1\.yaml:4:3: category .vip. given twice \(first on line 2\)\$" \
		crm-init --db dup1.db --config dup1.yaml &&
	test ! -e dup1.db &&
	crm-init --db dup1.db &&
	test_refused 65 "^crm-categorize: ([^ ]*/)?dup1\.yaml:4:3: category .vip." \
		crm-categorize --db dup1.db --load dup1.yaml
'

test_expect_success 'a setting, a category term or a segment given twice is 78' '
	printf "currency: EUR\nlapsed_days: 30\ncurrency: USD\n" >dup2.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?dup2\.yaml:3:1: setting .currency. given twice \(first on line 1\)\$" \
		crm-ls --config dup2.yaml &&
	printf "categories:\n  vip:\n    bonus: 5\n    bonus: 6\n" >dup3.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?dup3\.yaml:4:5: category term .bonus. given twice" \
		crm-ls --config dup3.yaml &&
	printf "segments:\n  all: \"???\"\n  all: \"???\"\n" >dup4.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?dup4\.yaml:3:3: segment .all. given twice" \
		crm-ls --config dup4.yaml &&
	printf "categories:\n  vip:\ncategories:\n  gold:\n" >dup5.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?dup5\.yaml:3:1: setting .categories. given twice" \
		crm-ls --config dup5.yaml
'

# The duplicates are found with a hash set: 40,000 categories are read in
# well under a second, not seconds as when each was compared with all the
# ones before it.
# Not timed here; the speed is in the commit that made it so.
test_expect_success 'a config with 40,000 categories works' '
	awk "BEGIN {
		print \"categories:\"
		for (i = 1; i <= 40000; i++)
			printf \"  c%05d: {discount: %d}\\n\", i, i % 50
	}" >many.yaml &&
	crm-init --db many.db --config many.yaml &&
	crm-categorize --db many.db --config many.yaml --list -H >list &&
	test_line_count = 40000 list &&
	grep "^c40000	" list >actual &&
	printf "c40000\t\t0.0\t0.0\tno\t0\n" >expect &&
	test_cmp expect actual &&
	sed "\$s/c40000/c00007/" many.yaml >many-dup.yaml &&
	test_refused 78 "^crm-ls: ([^ ]*/)?many-dup\.yaml:40001:3: category .c00007. given twice \(first on line 8\)\$" \
		crm-ls --db many.db --config many-dup.yaml
'

test_expect_success 'a malformed config is refused by every command, CRM_CONFIG too' '
	for cmd in "crm-ls" "crm-add --name x" "crm-edit --phone 1 1" "crm-show 1" \
		"crm-categorize --list" "crm-categorize vip 1" "crm-backup b.db" "crm-init"
	do
		test_must_fail_with 78 env CRM_CONFIG=bad2.yaml $cmd </dev/null 2>err &&
		test_stderr_matches "^${cmd%% *}: ([^ ]*/)?bad2\.yaml:3:[0-9]+: " err ||
		{ echo "^^^ $cmd"; return 1; }
	done &&
	test ! -e b.db
'

test_expect_success 'a malformed default config is refused too' '
	mkdir -p "$XDG_CONFIG_HOME/crm" &&
	cp bad2.yaml "$XDG_CONFIG_HOME/crm/config.yaml" &&
	test_when_finished "rm -f \"\$XDG_CONFIG_HOME/crm/config.yaml\"" &&
	test_must_fail_with 78 crm-ls >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-ls: ([^ ]*/)?config\.yaml:3:[0-9]+: " err &&
	test_one_line err
'

# ---------------------------------------------------------------------------
# Cannot create the database

test_expect_success 'an explicit --db in a missing directory is 73 and creates nothing' '
	test_refused 73 "^crm-init: .*no/such/dir/x\.db" crm-init --db no/such/dir/x.db &&
	test ! -e no &&
	test_refused 66 "^crm-add: no database at no/such/dir/x\.db" crm-add --db no/such/dir/x.db --name X &&
	test ! -e no
'

test_expect_success 'CRM_DB in a missing directory is 73 and creates nothing' '
	test_must_fail_with 73 env CRM_DB="$TRASH/nodir/x.db" crm-init 2>err &&
	test_stderr_matches "^crm-init: .*nodir/x\.db" err &&
	test_one_line err &&
	test ! -e nodir
'

test_expect_success 'database: from the config in a missing directory is 73' '
	printf "database: %s\n" "$TRASH/cfgnodir/x.db" >cfgnodir.yaml &&
	(
		unset CRM_DB &&
		test_must_fail_with 73 crm-init --config cfgnodir.yaml 2>err
	) &&
	test_stderr_matches "^crm-init: .*cfgnodir/x\.db" err &&
	test ! -e cfgnodir
'

# Find a directory where the database cannot be created: a read-only
# directory for a normal user; for root a system directory that refuses
# new files.
test_lazy_prereq UNWRITABLE_DIR '
	for d in "$TRASH/ro" /sys /proc/self
	do
		if test "$d" = "$TRASH/ro"
		then
			mkdir -p "$d" && chmod 555 "$d" || continue
		fi
		if test -d "$d" && ! : >"$d/crm-probe.db" 2>/dev/null
		then
			echo "$d" >"$TRASH/.crm-test/unwritable"
			exit 0
		fi
		rm -f "$d/crm-probe.db"
	done
	exit 1
'

test_expect_success UNWRITABLE_DIR 'a database in an unwritable directory is 73' '
	d=$(cat .crm-test/unwritable) &&
	test_refused 73 "^crm-init: .*$d/x\.db" crm-init --db "$d/x.db" &&
	test ! -e "$d/x.db" &&
	test_refused 73 "^crm-add: " crm-add --db "$d/x.db" --name X
'

test_expect_success 'a database path that is a directory is refused' '
	mkdir isadir.db &&
	test_must_fail crm-init --db isadir.db 2>err &&
	test_stderr_matches "^crm-init: .*isadir\.db" err &&
	test_one_line err
'

test_expect_success 'the default location cannot be made under a file: 73' '
	(
		unset CRM_DB &&
		XDG_DATA_HOME="$TRASH/afile" &&
		: >"$XDG_DATA_HOME" &&
		test_must_fail_with 73 crm-init 2>err
	) &&
	test_stderr_matches "^crm-init: .*afile" err
'

# ---------------------------------------------------------------------------
# Reading a database that is not there

test_expect_success 'a read-only command on a missing database is 66 and creates nothing' '
	for cmd in "crm-ls" "crm-show 1" "crm-categorize --list" "crm-categorize --history"
	do
		test_must_fail_with 66 $cmd --db missing.db </dev/null >out 2>err &&
		test_must_be_empty out &&
		test_stderr_matches "^${cmd%% *}: .*missing\.db" err &&
		test_one_line err &&
		test ! -e missing.db || { echo "^^^ $cmd"; return 1; }
	done
'

test_expect_success 'a read-only command at the missing default location is 66 and creates nothing' '
	rm -rf "$XDG_DATA_HOME" &&
	(
		unset CRM_DB &&
		test_must_fail_with 66 crm-ls >out 2>err
	) &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-ls: .*crm\.db" err &&
	test ! -e "$XDG_DATA_HOME"
'

test_expect_success 'crm-backup of a missing database is 66 and writes nothing' '
	test_must_fail_with 66 crm-backup --db missing.db backup.db 2>err &&
	test_stderr_matches "^crm-backup: .*missing\.db" err &&
	test ! -e missing.db &&
	test ! -e backup.db
'

test_expect_success 'a file that is not a database is refused, not overwritten' '
	echo "just some text, not SQLite" >text.db &&
	cp text.db text.orig &&
	test_must_fail crm-ls --db text.db 2>err &&
	test_stderr_matches "^crm-ls: .*text\.db" err &&
	test_must_fail crm-init --db text.db 2>err &&
	test_stderr_matches "^crm-init: .*text\.db" err &&
	test_must_fail crm-add --db text.db --name X 2>err &&
	test_stderr_matches "^crm-add: .*text\.db" err &&
	test_cmp text.orig text.db
'

test_expect_success SQLITE3 'an SQLite database of another program is refused, not changed' '
	sqlite3 foreign.db "CREATE TABLE t(x); INSERT INTO t VALUES (42);" &&
	sqlite3 foreign.db .dump >before &&
	test_must_fail crm-ls --db foreign.db 2>err &&
	test_stderr_matches "^crm-ls: .*foreign\.db" err &&
	test_must_fail crm-add --db foreign.db --name X 2>err &&
	test_stderr_matches "^crm-add: .*foreign\.db" err &&
	sqlite3 foreign.db .dump >after &&
	test_cmp before after
'

# A crm built without libpq (make POSTGRES=0; make check-nopg runs this
# script on that build) still knows a PostgreSQL name when it sees one:
# 78, saying how to build it, the password hidden, and no file made of
# the name.
test_lazy_prereq NO_LIBPQ '
	crm-ls --db "postgresql:host=/nonexistent" 2>err
	test $? = 78 && grep -q "built without PostgreSQL" err
'

test_expect_success NO_LIBPQ 'without libpq a PostgreSQL name is 78 for every command, its password hidden' '
	for c in "crm-init" "crm-ls" "crm-add --name X" "crm-value" "crm-backup --check"
	do
		# shellcheck disable=SC2086
		test_must_fail_with 78 $c --db "postgresql://crm:s3cret@dbhost/shop" 2>err &&
		test_stderr_matches "^crm-[a-z]*: database .postgresql://crm:\*\*\*@dbhost/shop. is a PostgreSQL database, and this crm was built without PostgreSQL" err &&
		! grep -q s3cret err || return 1
	done &&
	CRM_DB="postgresql:dbname=shop password=s3cret" test_must_fail_with 78 crm-ls 2>err &&
	! grep -q s3cret err &&
	test_must_fail_with 78 crm-backup --to "postgresql://crm:s3cret@dbhost/shop" 2>err &&
	! grep -q s3cret err &&
	! ls | grep -q -e postgres -e shop
'

test_done
