/*
 * db-pg.h - what the PostgreSQL backend's files share: SQLite's SQL in
 * PostgreSQL's spelling (db-pg-sql.c), crm's schema for PostgreSQL
 * (db-pg-schema.c), and the name of a database without its password.
 */
#ifndef CRM_DB_PG_H
#define CRM_DB_PG_H

/*
 * sql, as crm writes it for SQLite, in PostgreSQL's spelling: each
 * parameter (?, ?N, :name) becomes $N.  When names is not NULL, *names
 * gets an array of *nparams strings, the SQLite name of each $N (":asof",
 * "?3") for crm_st_bind_parameter_index, owned by the caller with its
 * strings.  Returns an allocated string.
 */
char *crm_pg_sql(const char *sql, char ***names, int *nparams);

/* a PostgreSQL database's name (postgresql://, postgres://,
 * postgresql:KEYWORDS), in any build: one without libpq refuses it */
int crm_pg_is_uri(const char *path);

/* the database's name with any password replaced by "***" */
char *crm_pg_display_name(const char *path);

/* crm's schema at its latest version, with the functions that give
 * PostgreSQL SQLite's meaning of the SQL crm shares between them */
extern const char crm_pg_schema[];

#endif
