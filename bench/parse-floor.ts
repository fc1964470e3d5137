/**
 * The floor of open→diagnostics: a bare `yaml.parseAllDocuments` of the same text, cold, in a fresh
 * process, against our `validate` (parse + schema + lint), also cold in a fresh process, and the
 * cost of one re-validation after a one-digit target edit (the incremental path).
 * Both run through tsx, unbundled: yaml's per-token process.env read (compiled out of dist/) costs
 * both sides alike. Usage: node --import tsx bench/parse-floor.ts FILE.sla.yaml   (bench/compare-lsp.sh writes some)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { getLanguageService } from '../server/src/service/languageService';

const [file, mode] = process.argv.slice(2);
if (!file) { console.error('usage: parse-floor.ts FILE'); process.exit(2); }

if (mode) {
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  if (mode === 'parse') {
    parseAllDocuments(text, { version: '1.2', schema: 'core', uniqueKeys: true, keepSourceTokens: false });
    console.log(JSON.stringify({ ms: performance.now() - t0 }));
  } else {
    const service = getLanguageService();
    service.validate({ uri: 'file:///bench/x.sla.yaml', version: 1, getText: () => text });
    const open = performance.now() - t0;
    const at = text.indexOf('target: "', text.length >> 1) + 12;
    const edits: number[] = [];
    let current = text;
    for (let v = 2; v <= 12; v++) {
      const c = current[at]!;
      current = current.slice(0, at) + (/\d/.test(c) ? String((Number(c) + 1) % 10) : c) + current.slice(at + 1);
      const snapshot = current;
      const t = performance.now();
      service.validate({ uri: 'file:///bench/x.sla.yaml', version: v, getText: () => snapshot });
      edits.push(performance.now() - t);
    }
    edits.sort((a, b) => a - b);
    console.log(JSON.stringify({ ms: open, editMedianMs: edits[edits.length >> 1] }));
  }
} else {
  const run = (m: string) => JSON.parse(spawnSync(process.execPath, ['--import', 'tsx', __filename, file, m], { encoding: 'utf8' }).stdout.trim().split('\n').pop()!);
  const parse: number[] = [];
  const validate: number[] = [];
  const edit: number[] = [];
  for (let i = 0; i < 3; i++) { // alternate, fresh processes
    parse.push(run('parse').ms);
    const v = run('validate');
    validate.push(v.ms);
    edit.push(v.editMedianMs);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(`bare parseAllDocuments, cold: ${median(parse).toFixed(0)} ms (runs ${parse.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`validate (open), cold:       ${median(validate).toFixed(0)} ms (runs ${validate.map((x) => x.toFixed(0)).join(', ')})  ratio ${(median(validate) / median(parse)).toFixed(2)}`);
  console.log(`validate after a target edit: ${median(edit).toFixed(1)} ms median  ratio to the bare parse ${(median(edit) / median(parse)).toFixed(3)}`);
}
