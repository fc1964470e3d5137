#!/usr/bin/env node
// The main job over the bundled workspace: `model-sla check`, then `model-sla report` for every SLA
// file — text on the terminal, JSON and the HTML page into out/examples/. Exit 0 unless a command
// failed (exit 2); breached objectives (exit 1 of report) are the point of the examples, not a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'model-sla.js');
const out = join(root, 'out', 'examples');
mkdirSync(out, { recursive: true });
const run = (args, echo = true) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (echo) process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status === 2 || r.status === null) { console.error(`model-sla ${args.join(' ')} failed`); process.exit(2); }
  return r.status;
};

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
