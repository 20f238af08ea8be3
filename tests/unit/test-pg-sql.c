/* test-pg-sql.c - crm_pg_sql(): the SQL crm writes for SQLite in
 * PostgreSQL's spelling (db-pg-sql.c), and names without passwords */
#include <stdlib.h>

#include "crm.h"
#include "db-pg.h"
#include "tap.h"

static void
spelled(const char *sqlite, const char *pg)
{
	char *got = crm_pg_sql(sqlite, NULL, NULL);

	is_str(got, pg, "%s", sqlite);
	free(got);
}

static void
shown(const char *path, const char *want)
{
	char *got = crm_pg_display_name(path);

	is_str(got, want, "shown: %s", path);
	free(got);
}

static void
hidden(const char *path, const char *want, int had)
{
	char buf[256];

	snprintf(buf, sizeof buf, "%s", path);
	is_int(crm_pg_hide_password(buf), had, "a password in: %s", path);
	is_str(buf, want, "hidden in place: %s", path);
}

static void
parameters(void)
{
	char **names;
	int n;
	char *got = crm_pg_sql("SELECT ?, :asof, ?5, :asof_fast, :asof,"
			       " ':not' FROM t WHERE x = @y", &names, &n);

	is_str(got, "SELECT $1, $2, $5, $6, $2, ':not' FROM t WHERE x = $7",
	       "numbered as SQLite numbers them");
	is_int(n, 7, "seven parameters");
	is_str(names[1], ":asof", "$2 is :asof");
	ok(names[0] == NULL && names[4] == NULL, "?, ?5 have no name");
	is_str(names[5], ":asof_fast", "$6 is :asof_fast");
	is_str(names[6], "@y", "$7 is @y");
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(got);
}

int
main(void)
{
	parameters();
	spelled("INSERT OR IGNORE INTO temp.marked VALUES (?)",
		"INSERT INTO pg_temp.marked VALUES ($1) ON CONFLICT DO NOTHING");
	spelled("INSERT OR REPLACE INTO setting (key, value) VALUES ('a', 1)",
		"INSERT INTO setting (key, value) VALUES ('a', 1)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	spelled("INSERT OR IGNORE INTO t (a) VALUES (1) RETURNING id",
		"INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING"
		" RETURNING id");
	spelled("INSERT OR FAIL INTO main.purchase (id) VALUES (?1)",
		"INSERT INTO purchase (id) VALUES ($1)");
	spelled("UPDATE OR FAIL main.sum_day SET x = 1",
		"UPDATE sum_day SET x = 1");
	spelled("SELECT 1 WHERE a IS NOT ?2 AND b IS ?3 AND c IS NOT NULL"
		" AND d IS NULL AND e IS NOT DISTINCT FROM f",
		"SELECT 1 WHERE a IS DISTINCT FROM $2 AND b IS NOT DISTINCT"
		" FROM $3 AND c IS NOT NULL AND d IS NULL AND e IS NOT"
		" DISTINCT FROM f");
	spelled("SELECT x FROM t INDEXED BY t_x WHERE name LIKE ? ESCAPE '\\'",
		"SELECT x FROM t WHERE name ILIKE $1 ESCAPE '\\'");
	spelled("SELECT CAST(v AS INTEGER), ifnull(a, 0), total(b) FROM t",
		"SELECT CAST(v AS BIGINT), coalesce(a, 0), sum(b) FROM t");
	spelled("SELECT 9.2e18, 'it''s INSERT OR IGNORE', \"IS\" FROM t",
		"SELECT 9.2e18, 'it''s INSERT OR IGNORE', \"IS\" FROM t");
	spelled("SELECT a FROM t WHERE s = :s COLLATE NOCASE",
		"SELECT a FROM t WHERE s = $1 COLLATE crm_nocase");
	/* SQLite sorts NULL first, PostgreSQL last */
	spelled("SELECT a FROM t ORDER BY lost_day, c.id",
		"SELECT a FROM t ORDER BY lost_day NULLS FIRST, c.id");
	spelled("SELECT a FROM t ORDER BY day DESC, id DESC LIMIT 1",
		"SELECT a FROM t ORDER BY day DESC, id DESC LIMIT 1");
	spelled("SELECT a FROM t ORDER BY t.paid_day DESC, t.day",
		"SELECT a FROM t ORDER BY t.paid_day DESC NULLS LAST, t.day");
	spelled("SELECT (SELECT b FROM u ORDER BY u.x LIMIT 1) FROM t"
		" ORDER BY count(*) DESC, t.name",
		"SELECT (SELECT b FROM u ORDER BY u.x NULLS FIRST LIMIT 1)"
		" FROM t ORDER BY count(*) DESC NULLS LAST, t.name NULLS FIRST");
	spelled("SELECT a FROM t ORDER BY a NULLS LAST",
		"SELECT a FROM t ORDER BY a NULLS LAST");
	spelled("DELETE FROM a; INSERT OR IGNORE INTO b VALUES (1); SELECT 2",
		"DELETE FROM a; INSERT INTO b VALUES (1) ON CONFLICT DO NOTHING;"
		" SELECT 2");

	shown("postgresql://crm:s3cret@db.example/shop?sslmode=require",
	      "postgresql://crm:***@db.example/shop?sslmode=require");
	shown("postgres://crm@db/shop", "postgres://crm@db/shop");
	shown("postgresql:host=db user=crm password=s3cret dbname=shop",
	      "postgresql:host=db user=crm password=*** dbname=shop");
	shown("postgresql:password='a b\\' c' dbname=shop",
	      "postgresql:password=*** dbname=shop");
	shown("postgresql:///shop?host=/run/pg&password=x",
	      "postgresql:///shop?host=/run/pg&password=***");
	/* argv is overwritten in place, same length */
	hidden("postgresql://crm:s3cret@db/shop",
	       "postgresql://crm:******@db/shop",
	       1);
	hidden("postgresql:host=db password=s3cret user=crm",
	       "postgresql:host=db password=****** user=crm", 1);
	hidden("postgresql://crm@db/shop", "postgresql://crm@db/shop", 0);
	hidden("/var/lib/crm/crm.db", "/var/lib/crm/crm.db", 0);

	ok(crm_pg_is_uri("postgresql://crm@db/shop"), "a URI is PostgreSQL's");
	ok(crm_pg_is_uri("postgres://db/shop"), "postgres:// too");
	ok(crm_pg_is_uri("postgresql:dbname=shop"), "keywords too");
	ok(!crm_pg_is_uri("postgresql.db"), "a file named so is a file");
	ok(!crm_pg_is_uri("./postgresql:x"), "a path is a file");
	return done_testing();
}
