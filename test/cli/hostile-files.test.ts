// Hostile files on disk, through `model-sla` as a real process (node bin/model-sla.js: the bundle in
// dist/, `npm run build` first). Every fixture is built by the test at run time under a temp folder
// — FIFOs with mkfifo, symlinks to /dev/zero, UTF-16 text, control characters — and removed after.
// Each case asserts the exact outcome: exit code and message, finding code and place, and peak RSS
// where a file could make the CLI allocate without bound. The spawn timeout is only a safety net (a
// hang fails the run with "could not run"), never the assertion.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Finding } from '../../server/src/cli/check';
import { runCli, why, type CliRun } from '../support/cli';

const posix = process.platform !== 'win32';
const skip = posix ? false : 'FIFOs, /dev/zero and symlinks: POSIX only';

/** Peak RSS bound for a run that must not read a hostile file (Node alone is ~50-80 MiB). */
const MAX_RSS_MIB = 200;

let work: string;
let preload: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'model-sla-hostile-cli-'));
  // The child's own peak RSS (process.resourceUsage), written when it exits.
  preload = join(work, 'rss.cjs');
  writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.MODEL_SLA_RSS_OUT, String(process.resourceUsage().maxRSS)));\n");
});
after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

interface Run extends CliRun { rssMiB: number }
let runs = 0;
function run(args: string[], cwd: string): Run {
  const rssOut = join(work, `rss-${++runs}.txt`);
  const r = runCli(args, { cwd, nodeArgs: ['--require', preload], env: { MODEL_SLA_RSS_OUT: rssOut } });
  let rssMiB = NaN;
  try { rssMiB = Number(readFileSync(rssOut, 'utf8')) / 1024; } catch { /* killed before exit: NaN fails the bound */ }
  return Object.assign(r, { rssMiB });
}
const findingsOf = (r: CliRun): Finding[] => JSON.parse(r.stdout) as Finding[];

/** A folder of its own under the run's temp folder. */
function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'metrics'), { recursive: true });
  return dir;
}

const HEALTHY_CSV = 'ts,total,ok\n2026-03-01T12:00:00Z,1000,999\n2026-03-02T12:00:00Z,1000,995\n';

/** An availability SLA over one metric `requests` (line 8) with `file: <file>` and columns ts/total/ok. */
function sla(name: string, file: string, extra = ''): string {
  return `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ${name}, owner: sre@example.com${extra} }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-03-31, timezone: UTC }
metrics:
  requests: { file: ${JSON.stringify(file)}, timestamp: ts, total: total, goodCount: ok }
objectives:
  - { id: availability, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
`;
}
/** 1-based column of the `file:` value on line 8 of `sla()`. */
const FILE_COLUMN = '  requests: { file: '.length + 1;

describe('an SLA file or .model-sla.yaml that is a symlink to /dev/zero', { skip }, () => {
  let dir: string;
  before(() => {
    dir = folder('zero');
    writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(dir, 'good.sla.yaml'), sla('good', 'metrics/requests.csv'));
    symlinkSync('/dev/zero', join(dir, 'zero.sla.yaml'));
  });

  test('check: refused by its type before it is opened (exit 2, one line), memory stays small', () => {
    const r = run(['check', 'zero.sla.yaml'], dir);
    assert.equal(r.status, 2, why(r));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '0 files checked, 0 errors, 0 warnings, 0 infos\nmodel-sla: zero.sla.yaml: not a regular file (a character device); not checked\n');
    assert.ok(r.rssMiB < MAX_RSS_MIB, `peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  });

  test('check of another file: the workspace scan for cross-file rules skips it without reading it', () => {
    const r = run(['check', 'good.sla.yaml', '--format', 'json'], dir);
    assert.equal(r.status, 0, why(r));
    assert.deepEqual(findingsOf(r).filter((f) => f.severity === 'error'), []);
    assert.ok(r.rssMiB < MAX_RSS_MIB, `peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  });

  test('report: the same refusal (exit 2), the other file is still reported', () => {
    const r = run(['report', 'zero.sla.yaml', 'good.sla.yaml', '--format', 'json'], dir);
    assert.equal(r.status, 2, why(r));
    assert.equal(r.stderr, 'model-sla: zero.sla.yaml: not a regular file (a character device); not reported\n');
    assert.equal(JSON.parse(r.stdout).sla, 'good');
    assert.ok(r.rssMiB < MAX_RSS_MIB, `peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  });

  test('.model-sla.yaml -> /dev/zero: ignored with a message, the defaults apply, memory stays small', () => {
    const sub = folder('zero-config');
    writeFileSync(join(sub, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(sub, 'good.sla.yaml'), sla('good', 'metrics/requests.csv'));
    symlinkSync('/dev/zero', join(sub, '.model-sla.yaml'));
    const r = run(['check', 'good.sla.yaml', '--format', 'json'], sub);
    assert.equal(r.status, 0, why(r));
    assert.equal(r.stderr, 'model-sla: .model-sla.yaml: not a regular file (a character device); ignored\n');
    assert.ok(r.rssMiB < MAX_RSS_MIB, `peak RSS ${r.rssMiB.toFixed(0)} MiB`);
    const report = run(['report', 'good.sla.yaml', '--format', 'json'], sub);
    assert.equal(report.status, 0, why(report));
    assert.ok(report.rssMiB < MAX_RSS_MIB, `peak RSS ${report.rssMiB.toFixed(0)} MiB`);
  });
});

describe('SLA size limit', () => {
  test('report refuses an SLA over 20 MB as check does, without reading it', () => {
    const dir = folder('big');
    writeFileSync(join(dir, 'big.sla.yaml'), `# ${'x'.repeat(30 * 1024 * 1024)}\n`);
    const report = run(['report', 'big.sla.yaml'], dir);
    assert.equal(report.status, 2, why(report));
    assert.equal(report.stdout, '');
    assert.equal(report.stderr, 'model-sla: big.sla.yaml: 30.0 MB, over the 20 MB limit for SLA files; not reported\n');
    assert.ok(report.rssMiB < MAX_RSS_MIB, `peak RSS ${report.rssMiB.toFixed(0)} MiB`);
    const check = run(['check', 'big.sla.yaml'], dir);
    assert.equal(check.status, 2, why(check));
    assert.match(check.stderr, /^model-sla: big\.sla\.yaml: 30\.0 MB, over the 20 MB limit for SLA files; not checked$/m);
  });
});

describe('FIFOs', { skip }, () => {
  let dir: string;
  before(() => {
    dir = folder('fifo-metric');
    execFileSync('mkfifo', [join(dir, 'metrics', 'requests.csv')]);
    writeFileSync(join(dir, 'fifo.sla.yaml'), sla('fifo', 'metrics/requests.csv'));
  });
  const problem = '`metrics/requests.csv` is not a regular file (a FIFO); metric files are regular files';

  test('a metric file that is a FIFO: check answers with SLA115 on the `file` value (it hung in the open)', () => {
    const r = run(['check', 'fifo.sla.yaml', '--format', 'json'], dir);
    assert.equal(r.status, 1, why(r));
    const sla115 = findingsOf(r).filter((f) => f.code === 'SLA115');
    assert.deepEqual(sla115.map((f) => [f.line, f.column, f.severity, f.message]), [
      [8, FILE_COLUMN, 'error', `metric \`requests\`: ${problem}; \`availability\` cannot be checked.`],
    ]);
  });

  test('a metric file that is a FIFO: report says so on stderr, the objective is no-data with that problem; --fail-on-no-data exits 3', () => {
    const r = run(['report', 'fifo.sla.yaml', '--format', 'json'], dir);
    assert.equal(r.status, 0, why(r));
    assert.equal(r.stderr, `model-sla: fifo.sla.yaml: metric requests: ${problem} (its objectives are reported as no-data)\n`);
    const report = JSON.parse(r.stdout);
    assert.equal(report.objectives[0].status, 'no-data');
    assert.equal(report.objectives[0].problem, problem);
    assert.deepEqual(report.metricErrors, [{ metric: 'requests', reason: 'unreadable', message: problem }]);
    const strict = run(['report', 'fifo.sla.yaml', '--fail-on-no-data'], dir);
    assert.equal(strict.status, 3, why(strict));
  });

  test('a FIFO named *.sla.yaml under the root: checking another file does not open it; naming it is a clear refusal', () => {
    const sub = folder('fifo-sla');
    writeFileSync(join(sub, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(sub, 'good.sla.yaml'), sla('good', 'metrics/requests.csv'));
    execFileSync('mkfifo', [join(sub, 'pipe.sla.yaml')]);
    const other = run(['check', 'good.sla.yaml', '--format', 'json'], sub);
    assert.equal(other.status, 0, why(other));
    assert.equal(other.stderr, '');
    const all = run(['check', '.', '--format', 'json'], sub);
    assert.equal(all.status, 2, why(all));
    assert.equal(all.stderr, 'model-sla: pipe.sla.yaml: not a regular file (a FIFO); not checked\n');
    assert.ok(findingsOf(all).every((f) => f.file === 'good.sla.yaml'));
    const report = run(['report', 'pipe.sla.yaml'], sub);
    assert.equal(report.status, 2, why(report));
    assert.equal(report.stderr, 'model-sla: pipe.sla.yaml: not a regular file (a FIFO); not reported\n');
  });

  test('.model-sla.yaml that is a FIFO: ignored with a message, not waited on', () => {
    const sub = folder('fifo-config');
    writeFileSync(join(sub, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(sub, 'good.sla.yaml'), sla('good', 'metrics/requests.csv'));
    execFileSync('mkfifo', [join(sub, '.model-sla.yaml')]);
    const r = run(['check', 'good.sla.yaml', '--format', 'json'], sub);
    assert.equal(r.status, 0, why(r));
    assert.equal(r.stderr, 'model-sla: .model-sla.yaml: not a regular file (a FIFO); ignored\n');
  });
});

describe('--as-of', () => {
  let dir: string;
  before(() => {
    dir = folder('as-of');
    writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(dir, 'good.sla.yaml'), sla('good', 'metrics/requests.csv'));
  });

  test('a date or time that does not exist is refused (exit 2), not rolled over to the next month', () => {
    for (const [asOf, problem] of [
      ['2026-02-30', 'is not a real date (no such date)'],
      ['2026-02-29T12:00:00Z', 'is not a real instant (no such date)'],
      ['2026-03-01T24:00:00Z', 'is not a real instant (time of day out of range)'],
      ['2026-03-01T12:00:00', 'is not an ISO-8601 instant with Z or an offset (or a date)'],
    ]) {
      const r = run(['report', 'good.sla.yaml', '--as-of', asOf], dir);
      assert.equal(r.status, 2, why(r));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `model-sla: --as-of '${asOf}' ${problem}\nTry 'model-sla --help'.\n`);
    }
  });

  test('a real date is used as UTC midnight', () => {
    const r = run(['report', 'good.sla.yaml', '--as-of', '2026-03-02', '--format', 'json'], dir);
    assert.equal(r.status, 0, why(r));
    assert.equal(JSON.parse(r.stdout).asOf, '2026-03-02T00:00:00.000Z');
  });
});

describe('a column the SLA names is missing', () => {
  test('report says what check says (SLA115), on stderr and as the objectives\' problem; --fail-on-no-data exits 3', () => {
    const dir = folder('no-goodcount');
    writeFileSync(join(dir, 'metrics', 'requests.csv'), 'ts,total\n2026-03-01T12:00:00Z,1000\n');
    writeFileSync(join(dir, 'a.sla.yaml'), sla('a', 'metrics/requests.csv'));
    const words = 'column `ok` is not in `metrics/requests.csv` (columns: ts, total)';
    const check = run(['check', 'a.sla.yaml', '--format', 'json'], dir);
    assert.equal(check.status, 1, why(check));
    const goodCountColumn = sla('a', 'metrics/requests.csv').split('\n')[7].indexOf('goodCount: ok') + 'goodCount: '.length + 1;
    assert.deepEqual(findingsOf(check).filter((f) => f.code === 'SLA115').map((f) => [f.line, f.column, f.message]), [
      [8, goodCountColumn, `metric \`requests\`: ${words}; \`availability\` cannot be checked.`],
    ]);
    const report = run(['report', 'a.sla.yaml', '--format', 'json'], dir);
    assert.equal(report.status, 0, why(report));
    assert.equal(report.stderr, `model-sla: a.sla.yaml: metric requests: ${words} (its objectives are reported as no-data)\n`);
    const json = JSON.parse(report.stdout);
    assert.equal(json.objectives[0].problem, words);
    assert.deepEqual(json.metricErrors, [{ metric: 'requests', reason: 'columns', message: words }]);
    assert.ok(!report.stdout.includes('availability needs a metric'));
    assert.equal(run(['report', 'a.sla.yaml', '--fail-on-no-data'], dir).status, 3);
  });
});

describe('metric paths', { skip }, () => {
  test('a symlink loop is called a symlink loop; a file named ..weird.csv is inside the workspace and read', () => {
    const dir = folder('paths');
    symlinkSync('loop.csv', join(dir, 'metrics', 'loop.csv'));
    writeFileSync(join(dir, '..weird.csv'), HEALTHY_CSV);
    writeFileSync(join(dir, 'loop.sla.yaml'), sla('loop', 'metrics/loop.csv'));
    writeFileSync(join(dir, 'weird.sla.yaml'), sla('weird', '..weird.csv'));
    const loop = run(['check', 'loop.sla.yaml', '--format', 'json'], dir);
    assert.equal(loop.status, 1, why(loop));
    assert.deepEqual(findingsOf(loop).filter((f) => f.code === 'SLA115').map((f) => [f.line, f.column, f.message]), [
      [8, FILE_COLUMN, `metric \`requests\`: \`metrics/loop.csv\` is a symlink loop (looked for ${join(dir, 'metrics', 'loop.csv')}); \`availability\` cannot be checked.`],
    ]);
    const weird = run(['check', 'weird.sla.yaml', '--format', 'json'], dir);
    assert.equal(weird.status, 0, why(weird));
    assert.deepEqual(findingsOf(weird).filter((f) => f.code === 'SLA115'), []);
    const report = run(['report', 'weird.sla.yaml', '--format', 'json', '--as-of', '2026-03-03'], dir);
    assert.equal(report.status, 0, why(report));
    assert.deepEqual(JSON.parse(report.stdout).objectives[0].windows.map((w: { label: string; value: number }) => [w.label, w.value]), [['2026-03-01', 99.9], ['2026-03-02', 99.5]]);
  });
});

describe('metric paths that cannot be used, in every report format and in SARIF', { skip }, () => {
  // Each refused metric path: the objective is no-data with the SLA115 words as its problem in the
  // JSON, HTML and Markdown reports, and check's SARIF carries the same finding on the `file` value.
  const cases: [string, string, string, (dir: string) => void][] = [
    ['symlink loop', 'metrics/loop.csv', '`metrics/loop.csv` is a symlink loop (looked for DIR/metrics/loop.csv)', (dir) => symlinkSync('loop.csv', join(dir, 'metrics', 'loop.csv'))],
    ['FIFO', 'metrics/fifo.csv', '`metrics/fifo.csv` is not a regular file (a FIFO); metric files are regular files', (dir) => execFileSync('mkfifo', [join(dir, 'metrics', 'fifo.csv')])],
    ['device', 'metrics/null.csv', '`metrics/null.csv` is a link to /dev/null, outside the workspace folder', (dir) => symlinkSync('/dev/null', join(dir, 'metrics', 'null.csv'))],
    ['backslash', 'metrics\\requests.csv', '`metrics\\requests.csv` uses `\\` as a separator, which only Windows reads as one (elsewhere it is part of the file name); write `metrics/requests.csv`', (dir) => writeFileSync(join(dir, 'metrics\\requests.csv'), HEALTHY_CSV)],
    ['trailing slash', 'metrics/', '`metrics/` ends with `/`, so it names a folder, not a metric file; name the file in it', () => undefined],
  ];
  for (const [name, file, problem, make] of cases) {
    test(name, () => {
      const dir = folder(`refused-${name.replace(/ /g, '-')}`);
      writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
      make(dir);
      writeFileSync(join(dir, 'x.sla.yaml'), sla('x', file));
      const expected = problem.replace('DIR', dir);
      const json = run(['report', 'x.sla.yaml', '--format', 'json', '--as-of', '2026-03-02'], dir);
      assert.equal(json.status, 0, why(json));
      assert.equal(json.stderr, `model-sla: x.sla.yaml: metric requests: ${expected} (its objectives are reported as no-data)\n`);
      const objective = JSON.parse(json.stdout).objectives[0];
      assert.deepEqual([objective.status, objective.problem], ['no-data', expected]);
      const html = run(['report', 'x.sla.yaml', '--format', 'html', '--as-of', '2026-03-02'], dir);
      assert.ok(html.stdout.includes(`<p class="note">Problem: ${expected.replace(/`/g, '&#96;')}</p>`), html.stdout);
      const md = run(['report', 'x.sla.yaml', '--format', 'markdown', '--as-of', '2026-03-02'], dir);
      assert.ok(md.stdout.includes(`Problem: ${expected.replace(/[\\`]/g, (c) => `\\${c}`)}`), md.stdout);
      const sarif = JSON.parse(run(['check', 'x.sla.yaml', '--format', 'sarif'], dir).stdout);
      assert.deepEqual(sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'SLA115').map((r: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => [r.message.text, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn]),
        [[`metric \`requests\`: ${expected}; \`availability\` cannot be checked.`, 'x.sla.yaml', 8, FILE_COLUMN]]);
    });
  }

  test('SARIF: an SLA that cannot be read is a failed invocation naming it; a `\\` in a POSIX file name is not a folder', () => {
    const dir = folder('sarif-paths');
    writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
    symlinkSync('loop.sla.yaml', join(dir, 'loop.sla.yaml'));
    writeFileSync(join(dir, 'a\\b #1.sla.yaml'), sla('ab', 'metrics/requests.csv'));
    const r = run(['check', 'loop.sla.yaml', 'a\\b #1.sla.yaml', '--format', 'sarif'], dir);
    assert.equal(r.status, 2, why(r));
    const sarif = JSON.parse(r.stdout) as { runs: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false, logger: false });
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const [run0] = sarif.runs;
    assert.deepEqual(run0.invocations, [{
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: 'error', message: { text: 'loop.sla.yaml: cannot be read (ELOOP: a symlink loop)' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'loop.sla.yaml' } } }] }],
    }]);
    assert.ok(run0.results.length > 0);
    assert.ok(run0.results.every((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'a%5Cb%20%231.sla.yaml'), r.stdout);
  });
});

describe('control characters and encodings', () => {
  // ESC sequences that would erase and overwrite lines, a CR, a newline that would forge a finding
  // line, and a right-to-left override.
  const scope = 'inter\x1b[1A\x1b[2Knal\rOK\nfake.sla.yaml:1:1 error SLA000 forged\u202e';
  const escaped = 'inter\\x1b[1A\\x1b[2Knal\\rOK\\nfake.sla.yaml:1:1 error SLA000 forged\\u202e';
  const hostile = /[\x00-\x08\x0b-\x1f\x7f\u202e]/;
  let dir: string;
  before(() => {
    dir = folder('control');
    writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(dir, 'scope.sla.yaml'), sla('scope', 'metrics/requests.csv').replace('scope: internal', `scope: ${JSON.stringify(scope)}`));
    writeFileSync(join(dir, 'title.sla.yaml'), sla('title', `metrics/\x1b[2Kgone.csv`, `, title: ${JSON.stringify(`T\x1b]0;owned\x07\r`)}`));
  });

  test('check text: the SLA\'s control characters are printed as escapes, one finding per line', () => {
    const r = run(['check', 'scope.sla.yaml'], dir);
    assert.equal(r.status, 1, why(r));
    assert.ok(!hostile.test(r.stdout) && !hostile.test(r.stderr), JSON.stringify(r.stdout));
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.every((l) => l.startsWith('scope.sla.yaml:')), r.stdout);
    assert.ok(lines.includes(`scope.sla.yaml:5:8 error SLA002 \`scope\` must be one of \`internal\`, \`external\`; found \`${escaped}\` (text)`), r.stdout);
    // JSON keeps the text as it is (JSON escapes it).
    const json = run(['check', 'scope.sla.yaml', '--format', 'json'], dir);
    assert.ok(findingsOf(json).some((f) => f.message.includes(scope)));
  });

  test('report text, Markdown and stderr: escaped too; JSON keeps the raw string', () => {
    const text = run(['report', 'title.sla.yaml'], dir);
    assert.equal(text.status, 0, why(text));
    assert.ok(!hostile.test(text.stdout) && !hostile.test(text.stderr), JSON.stringify(text.stdout));
    assert.match(text.stdout, /^SLA title — T\\x1b]0;owned\\x07\\r$/m);
    assert.match(text.stderr, /^model-sla: title\.sla\.yaml: metric requests: `metrics\/\\x1b\[2Kgone\.csv` does not exist/);
    const md = run(['report', 'title.sla.yaml', '--format', 'markdown'], dir);
    assert.ok(!hostile.test(md.stdout) && !hostile.test(md.stderr), JSON.stringify(md.stdout));
    const json = run(['report', 'title.sla.yaml', '--format', 'json'], dir);
    assert.equal(JSON.parse(json.stdout).title, 'T\x1b]0;owned\x07\r');
  });

  test('a UTF-16 or UTF-32 SLA: one clear message ("save it as UTF-8"), no NUL bytes printed', () => {
    const text = sla('wide', 'metrics/requests.csv');
    const utf16be = Buffer.from(Buffer.from(text, 'utf16le').map((_, i, b) => b[i ^ 1]));
    const utf32le = Buffer.concat([...text].map((c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.codePointAt(0)!); return b; }));
    const files: [string, Buffer, string][] = [
      ['bom16le.sla.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'UTF-16'],
      ['bom16be.sla.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), 'UTF-16'],
      ['nobom16.sla.yaml', Buffer.from(text, 'utf16le'), 'UTF-16'],
      ['bom32.sla.yaml', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le]), 'UTF-32'],
    ];
    for (const [name, bytes, encoding] of files) {
      writeFileSync(join(dir, name), bytes);
      const check = run(['check', name], dir);
      assert.equal(check.status, 2, why(check));
      assert.equal(check.stdout, '');
      assert.equal(check.stderr, `0 files checked, 0 errors, 0 warnings, 0 infos\nmodel-sla: ${name}: the file is ${encoding}; save it as UTF-8; not checked\n`);
      const report = run(['report', name], dir);
      assert.equal(report.status, 2, why(report));
      assert.equal(report.stderr, `model-sla: ${name}: the file is ${encoding}; save it as UTF-8; not reported\n`);
    }
  });
});

describe('report --fail-on-no-data', () => {
  let dir: string;
  before(() => {
    dir = folder('no-data');
    writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(dir, 'metrics', 'breached.csv'), 'ts,total,ok\n2026-03-01T12:00:00Z,1000,900\n');
    writeFileSync(join(dir, 'healthy.sla.yaml'), sla('healthy', 'metrics/requests.csv'));
    writeFileSync(join(dir, 'missing.sla.yaml'), sla('missing', 'metrics/nope.csv'));
    writeFileSync(join(dir, 'breached.sla.yaml'), sla('breached', 'metrics/breached.csv'));
  });

  test('a metric that cannot be read: exit 0 without the flag, 3 with it; with data everywhere the flag changes nothing', () => {
    assert.equal(run(['report', 'missing.sla.yaml'], dir).status, 0);
    const strict = run(['report', 'missing.sla.yaml', '--fail-on-no-data'], dir);
    assert.equal(strict.status, 3, why(strict));
    assert.match(strict.stderr, /^model-sla: missing\.sla\.yaml: metric requests: `metrics\/nope\.csv` does not exist/);
    assert.equal(run(['report', 'healthy.sla.yaml', '--fail-on-no-data'], dir).status, 0);
    assert.equal(run(['report', 'healthy.sla.yaml', 'missing.sla.yaml', '--fail-on-no-data'], dir).status, 3);
  });

  test('a breach says more than missing data: exit 1', () => {
    assert.equal(run(['report', 'breached.sla.yaml', 'missing.sla.yaml', '--fail-on-no-data'], dir).status, 1);
  });

  test('--help documents the flag and exit code 3', () => {
    const r = run(['--help'], dir);
    assert.match(r.stdout, /--fail-on-no-data {4}report: exit 3 when an objective's latest window has no data/);
    assert.match(r.stdout, /^ {2}3 {2}with --fail-on-no-data: no breach, but some objective's latest window has no data$/m);
  });
});
