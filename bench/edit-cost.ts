/**
 * What one keystroke costs the language service, in process (no LSP, no transport): a generated
 * SLA file is validated once, then the benchmark's edit (a digit of a `target:` line near the middle,
 * toggled) is validated N times; prints the open and the edits' median and p95 in ms. The LSP
 * benchmark (bench/compare-lsp.sh) measures the same edit through the protocol.
 *   node --import tsx bench/edit-cost.ts FILE.sla.yaml      (N=40 by default)
 */
import { readFileSync } from 'node:fs';
import { getLanguageService } from '../server/src/service/languageService';
const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
const L = lines.findIndex((l, i) => i > lines.length / 2 && /^\s*(- )?target:\s*"?[<>]=?\s*\d/.test(l));
const orig = lines[L];
const edited = orig.replace(/(\d+)(?!.*\d)/, (d) => d.slice(0, -1) + ((+d.at(-1)! + 1) % 10));
const svc = getLanguageService({});
let v = 1;
const doc = (t: string) => ({ uri: 'file:///x/bench.sla.yaml', version: v++, getText: () => t });
let t0 = performance.now();
svc.validate(doc(text));
console.log('open', (performance.now() - t0).toFixed(1));
const times: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 40); i++) {
  lines[L] = i % 2 ? orig : edited;
  const t = lines.join('\n');
  t0 = performance.now();
  svc.validate(doc(t));
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log('edit median', times[times.length >> 1].toFixed(1), 'p95', times[Math.floor(times.length * 0.95)].toFixed(1), 'min', times[0].toFixed(1));
