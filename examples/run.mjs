#!/usr/bin/env node
// The main job over the bundled workspace: `model-sla check`, then `model-sla report` for every SLA
// file — text on the terminal, JSON and the HTML page into out/examples/. Exit 0 unless a command
// failed (exit 2); breached objectives (exit 1 of report) are the point of the examples, not a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { prometheusInstalled, startExamplePrometheus } from './prometheus.mjs';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'model-sla.js');
const out = join(root, 'out', 'examples');
mkdirSync(out, { recursive: true });
const run = (args, echo = true) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (echo) process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status === 2 || r.status === null) { console.error(`model-sla ${args.join(' ')} failed`); prometheus?.stop(); process.exit(2); }
  return r.status;
};

// churn-prometheus.sla.yaml reads a local Prometheus (examples/prometheus.mjs): served for the run
// when Debian's prometheus package is installed; otherwise its findings say the server is down.
let prometheus;
if (prometheusInstalled()) {
  console.log('(serving the churn example\'s Prometheus metrics on 127.0.0.1:19190: examples/prometheus.mjs)');
  try { prometheus = await startExamplePrometheus(); } catch (error) { console.error(`the example Prometheus did not start: ${error.message}`); }
} else {
  console.log('(examples/churn-prometheus.sla.yaml reads a local Prometheus: apt-get install prometheus to serve its example data; SLA119 below until then)');
}
process.on('exit', () => prometheus?.stop());

console.log('$ model-sla check examples --root examples');
run(['check', 'examples', '--root', 'examples']);
for (const name of readdirSync(join(root, 'examples')).filter((n) => /\.sla\.ya?ml$/.test(n)).sort()) {
  const file = join('examples', name);
  const stem = basename(name).replace(/\.sla\.ya?ml$/, '');
  console.log(`\n$ model-sla report ${file}`);
  const status = run(['report', file, '--root', 'examples']);
  run(['report', file, '--root', 'examples', '--format', 'json', '--out', join(out, `${stem}.json`)], false);
  run(['report', file, '--root', 'examples', '--format', 'html', '--out', join(out, `${stem}.html`)], false);
  console.log(`→ ${status === 1 ? 'some objective breached' : 'all objectives met'}; out/examples/${stem}.json, out/examples/${stem}.html`);
}
await prometheus?.stop();
