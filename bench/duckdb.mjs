// bench/duckdb.mjs - run one SQL file against one DuckDB database file
// (make bench's DuckDB column; see bench/README.md):
//
//   node bench/duckdb.mjs DB.duckdb FILE.sql
//
// Runs the file's statements in order and prints the result of the last
// one as the sqlite3 shell's ".headers on" and ".mode tabs" would: a line
// of column names, then one line a row, fields separated by tabs, NULL as
// an empty field.  The file holds plain SQL (no dot-commands); a statement
// that returns no rows (the load's CREATE TABLE) prints nothing.
//
// Needs @duckdb/node-api, installed into bench/node_modules by
// `make bench-deps`: a bench-only dependency, never needed by crm itself.
import { readFileSync } from 'node:fs';
import { DuckDBInstance, ResultReturnType } from '@duckdb/node-api';

const [db, file] = process.argv.slice(2);
if (!db || !file) {
	process.stderr.write('usage: node bench/duckdb.mjs DB.duckdb FILE.sql\n');
	process.exit(2);
}

// field: one value as the sqlite3 shell prints it in .mode tabs
function field(v) {
	return v === null || v === undefined ? '' : String(v);
}

async function main() {
	const instance = await DuckDBInstance.create(db);
	const connection = await instance.connect();
	const statements = await connection.extractStatements(
		readFileSync(file, 'utf8'));
	const n = statements.count;
	for (let i = 0; i < n - 1; i++) {
		const prepared = await statements.prepare(i);
		await prepared.run();
	}
	if (n > 0) {
		// streamed in chunks, so a large answer is never held whole
		const prepared = await statements.prepare(n - 1);
		const result = await prepared.stream();
		// CREATE or INSERT report a count, not rows: print nothing
		if (result.returnType !== ResultReturnType.QUERY_RESULT)
			return close(connection, instance);
		const names = result.columnNames();
		let out = names.join('\t') + '\n';
		for await (const chunk of result.yieldRows()) {
			for (const row of chunk)
				out += row.map(field).join('\t') + '\n';
			process.stdout.write(out);
			out = '';
		}
		if (out) process.stdout.write(out);
	}
	close(connection, instance);
}

function close(connection, instance) {
	connection.closeSync();
	instance.closeSync();
}

main().catch((e) => {
	process.stderr.write(`bench/duckdb.mjs: ${file}: ${e.message}\n`);
	process.exit(1);
});
