// Escaping in every output format of `model-sla` (a real process: node bin/model-sla.js; `npm run
// build` first). Strings from the SLA and its data — a title, a description, a metric file name, a
// CSV cell with a quoted newline — carry ESC sequences, CR, BEL, C1 controls, a line separator, a
// right-to-left override and markup. Text, Markdown, stderr and SARIF messages show them as visible
// escapes; HTML as escaped text (no element, no attribute break); JSON stays valid, reads back the
// same strings, and holds no raw control character.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/cli/check';
import { escapeControl, escapeHtml, escapeMarkdown, toJson } from '../../server/src/engine/render/escape';
import { runCli, why } from '../support/cli';

// Every control character a terminal, a log viewer or a browser could act on (newline aside).
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;


let work: string;
before(() => { work = mkdtempSync(join(tmpdir(), 'model-sla-escaping-')); });
after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

const TITLE = 'T"\'<b>\x1b]0;owned\x07\u202e\x85';
const DESCRIPTION = 'd<script>alert(1)</script>\x1b[2K\r\u2028" onmouseover="x';
const CELL = '<script>x\n\x1b[2K'; // a quoted CSV cell with a newline in it
const METRIC_FILE = 'metrics/<b>"q.csv';

function sla(name: string, extra = ''): string {
  return `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ${name}, owner: sre@example.com, title: ${JSON.stringify(TITLE)} }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-03-31, timezone: UTC }
metrics:
  requests: { file: ${JSON.stringify(METRIC_FILE)}, timestamp: ts, total: total, goodCount: ok }
  gone: { file: "metrics/\\e[2K<i>.csv", timestamp: ts, total: total, goodCount: ok }
objectives:
  - { id: av, description: ${JSON.stringify(DESCRIPTION)}, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
  - { id: av2, indicator: availability, metric: gone, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
${extra}`;
}

describe('the escape functions (engine/render/escape.ts)', () => {
  test('control characters become visible escapes; HTML and Markdown escape markup on top', () => {
    assert.equal(escapeControl('a\x1b[2Kb\r\n\t\x00\x7f\x85\u2028\u202e'), 'a\\x1b[2Kb\\r\\n\\t\\x00\\x7f\\x85\\u2028\\u202e');
    assert.equal(escapeHtml('<img src=x onerror="a">\'`&\x1b'), '&lt;img src=x onerror=&quot;a&quot;&gt;&#39;&#96;&amp;\\x1b');
    assert.equal(escapeMarkdown('a|b\n<i>[x](y)'), 'a\\|b\\\\n\\<i\\>\\[x\\](y)');
  });

  test('toJson: valid JSON, the same value read back, no raw control character', () => {
    const value = { s: 'a\x1b\x00\x7f\x85\u2028\u2029\u202e\u2066\ud800b', n: 1.5 };
    const json = toJson(value);
    assert.ok(!RAW.test(json), JSON.stringify(json));
    assert.ok(json.endsWith('}\n'));
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe('report: every format escapes what the SLA and its data say', () => {
  let dir: string;
  before(() => {
    dir = join(work, 'report');
    mkdirSync(join(dir, 'metrics'), { recursive: true });
    writeFileSync(join(dir, METRIC_FILE), `ts,total,ok\n2026-03-01T12:00:00Z,1000,999\n2026-03-02T12:00:00Z,"${CELL}",995\n2026-03-02T13:00:00Z,1000,995\n`);
    writeFileSync(join(dir, 'hostile.sla.yaml'), sla('hostile'));
  });
  const report = (format: string) => runCli(['report', 'hostile.sla.yaml', '--format', format, '--as-of', '2026-03-03'], { cwd: dir });

  test('html: no element or attribute from the SLA or the data, no raw control character', () => {
    const r = report('html');
    assert.equal(r.status, 0, why(r));
    assert.ok(!RAW.test(r.stdout) && !RAW.test(r.stderr), JSON.stringify(r.stdout));
    assert.doesNotMatch(r.stdout, /<script|<b>|<i>|" onmouseover/);
    assert.ok(r.stdout.includes('<h1>SLA hostile — T&quot;&#39;&lt;b&gt;\\x1b]0;owned\\x07\\u202e\\x85</h1>'), r.stdout);
    assert.ok(r.stdout.includes('<p class="note">d&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2K\\r\\u2028&quot; onmouseover=&quot;x</p>'), r.stdout);
    // The quoted newline of the CSV cell is shown as \n inside the data issue's one line.
    assert.ok(r.stdout.includes('<td>non-numeric value &#96;&lt;script&gt;x\\n\\x1b[2K&#96; in &#96;total&#96;</td>'), r.stdout);
  });

  test('json: valid, the strings read back as written, no raw control character', () => {
    const r = report('json');
    assert.equal(r.status, 0, why(r));
    assert.ok(!RAW.test(r.stdout), JSON.stringify(r.stdout.slice(0, 2000)));
    const json = JSON.parse(r.stdout);
    assert.equal(json.title, TITLE);
    assert.equal(json.objectives[0].description, DESCRIPTION);
    assert.deepEqual(json.dataIssues.map((d: { line: number; problem: string }) => [d.line, d.problem]), [[3, 'non-numeric value `<script>x\\n\\x1b[2K` in `total`']]);
  });

  test('text and markdown: control characters as escapes, each data issue on one line', () => {
    const text = report('text');
    assert.equal(text.status, 0, why(text));
    assert.ok(!RAW.test(text.stdout) && !RAW.test(text.stderr), JSON.stringify(text.stdout));
    assert.match(text.stdout, /^SLA hostile — T"'<b>\\x1b\]0;owned\\x07\\u202e\\x85$/m);
    assert.ok(text.stdout.split('\n').includes('  requests line 3: non-numeric value `<script>x\\n\\x1b[2K` in `total`'), text.stdout);
    assert.match(text.stderr, /^model-sla: hostile\.sla\.yaml: metric gone: `metrics\/\\x1b\[2K<i>\.csv` does not exist/m);
    const md = report('markdown');
    assert.equal(md.status, 0, why(md));
    assert.ok(!RAW.test(md.stdout), JSON.stringify(md.stdout));
    assert.doesNotMatch(md.stdout, /<script|<b>|<i>/);
    // Markdown shows `\<b\>` as <b> and `\\x1b` as \x1b: the reader sees the escapes, not markup.
    assert.ok(md.stdout.split('\n').includes('### SLA `hostile` — T"\'' + String.raw`\<b\>\\x1b\]0;owned\\x07\\u202e\\x85`), md.stdout);
  });
});

describe('check: json and sarif', () => {
  let dir: string;
  const scope = 'inter\x1b[1A\x1b[2Knal\rOK\nfake.sla.yaml:1:1 error SLA000 forged\u202e\x85';
  before(() => {
    dir = join(work, 'check');
    mkdirSync(join(dir, 'metrics'), { recursive: true });
    writeFileSync(join(dir, 'metrics', 'r.csv'), 'ts,total,ok\n2026-03-01T12:00:00Z,1000,999\n');
    writeFileSync(join(dir, 'scope.sla.yaml'), sla('scope').replace('scope: internal', `scope: ${JSON.stringify(scope)}`).replace(JSON.stringify(METRIC_FILE), '"metrics/r.csv"'));
  });

  test('json: valid, the message reads back with the raw text, no raw control character', () => {
    const r = runCli(['check', 'scope.sla.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, why(r));
    assert.ok(!RAW.test(r.stdout), JSON.stringify(r.stdout));
    assert.ok((JSON.parse(r.stdout) as Finding[]).some((f) => f.code === 'SLA002' && f.message.includes(scope)));
  });

  test('sarif: valid, the message shown with visible escapes, no raw control character', () => {
    const r = runCli(['check', 'scope.sla.yaml', '--format', 'sarif'], { cwd: dir });
    assert.equal(r.status, 1, why(r));
    assert.ok(!RAW.test(r.stdout), JSON.stringify(r.stdout));
    const sarif = JSON.parse(r.stdout);
    const texts: string[] = sarif.runs[0].results.map((x: { message: { text: string } }) => x.message.text);
    assert.ok(texts.some((t) => t.includes('inter\\x1b[1A\\x1b[2Knal\\rOK\\nfake.sla.yaml:1:1 error SLA000 forged\\u202e\\x85')), texts.join('\n'));
    assert.ok(texts.every((t) => !RAW.test(t) && !t.includes('\n')));
  });
});

test('--help holds no raw control character and shows the escapes as text', () => {
  const r = runCli(['--help'], { cwd: work });
  assert.equal(r.status, 0);
  assert.ok(!RAW.test(r.stdout), JSON.stringify(r.stdout));
  assert.ok(r.stdout.includes('as escapes (\\x1b, \\r,'), r.stdout);
});

describe('report --fail-on-no-data names the objectives without data whatever the exit code', () => {
  let dir: string;
  before(() => {
    dir = join(work, 'no-data');
    mkdirSync(join(dir, 'metrics'), { recursive: true });
    writeFileSync(join(dir, 'metrics', 'breached.csv'), 'ts,total,ok\n2026-03-01T12:00:00Z,1000,900\n');
    const one = (name: string, file: string) => sla(name).replace(JSON.stringify(METRIC_FILE), JSON.stringify(file)).replace(/\n {2}gone:.*\n/, '\n').replace(/\n {2}- \{ id: av2.*\n/, '\n');
    writeFileSync(join(dir, 'breached.sla.yaml'), one('breached', 'metrics/breached.csv'));
    writeFileSync(join(dir, 'missing.sla.yaml'), one('missing', 'metrics/nope.csv'));
    writeFileSync(join(dir, 'broken.sla.yaml'), 'apiVersion: [\n');
  });
  const noDataLine = 'model-sla: missing.sla.yaml: objective av: the latest window has no data: `metrics/nope.csv` does not exist';

  test('a breach elsewhere: exit 1, and the no-data lines are still printed', () => {
    const r = runCli(['report', 'breached.sla.yaml', 'missing.sla.yaml', '--fail-on-no-data', '--as-of', '2026-03-02'], { cwd: dir });
    assert.equal(r.status, 1, why(r));
    assert.ok(r.stderr.split('\n').some((l) => l.startsWith(noDataLine)), r.stderr);
  });

  test('an SLA that cannot be reported: exit 2, and the no-data lines are still printed', () => {
    const r = runCli(['report', 'broken.sla.yaml', 'missing.sla.yaml', '--fail-on-no-data', '--as-of', '2026-03-02'], { cwd: dir });
    assert.equal(r.status, 2, why(r));
    assert.ok(r.stderr.split('\n').some((l) => l.startsWith(noDataLine)), r.stderr);
    const without = runCli(['report', 'broken.sla.yaml', 'missing.sla.yaml', '--as-of', '2026-03-02'], { cwd: dir });
    assert.equal(without.status, 2);
    assert.ok(!without.stderr.includes('the latest window has no data'), without.stderr);
  });
});
