#!/usr/bin/env node
// DuckDB's side of the engine benchmark (bench/engine.mjs): read_csv and an exact nearest-rank p99
// per calendar month (UTC: the file's instants end in Z and are read as TIMESTAMP; TIMESTAMPTZ needs the
// ICU extension, which cannot be downloaded here), on 2 threads; prints {"YYYY-MM": p99} like the pandas script.
// Nearest-rank (⌈p·n⌉-th smallest): quantile_disc(x, 0.99) — checked against ours by the benchmark.
//   node bench/duckdb_p99.mjs <latency.csv>
import { DuckDBInstance } from '@duckdb/node-api';

const csv = process.argv[2];
const instance = await DuckDBInstance.create(':memory:', { threads: process.env.DUCKDB_THREADS ?? '2' });
const connection = await instance.connect();
const quoted = `'${csv.replace(/'/g, "''")}'`;
const reader = await connection.runAndReadAll(`
  SELECT strftime(ts, '%Y-%m') AS month, quantile_disc(latency_ms, 0.99) AS p99
  FROM read_csv(${quoted}, header = true, columns = {'ts': 'TIMESTAMP', 'latency_ms': 'DOUBLE', 'route': 'VARCHAR', 'region': 'VARCHAR'})
  WHERE ts IS NOT NULL AND latency_ms IS NOT NULL
  GROUP BY month ORDER BY month`);
const out = {};
for (const [month, p99] of reader.getRows()) out[String(month)] = Number(p99);
console.log(JSON.stringify(out));
