// Tests of the `model-sla` command line, run as a real process (`node bin/model-sla.js ...`, which
// loads the bundled dist/cli.js: run `npm run build` first), on the fixture folders in
// test/fixtures/cli/:
//   clean/    valid SLAs (a .sla.yaml, a .sla.yml, one nested two folders down) with their metric
//             files, and other.yaml, a broken non-SLA file that must be ignored
//   errors/   schema-error.sla.yaml (the `taget` typo) and sub/syntax-error.sla.yml (unclosed `{`)
//   no-sla/   only a plain YAML file
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Finding } from '../../server/src/cli/check';
import { repoRoot, runCli, runCliJson, why, type CliRun } from '../support/cli';

const fixtures = join(repoRoot, 'test', 'fixtures', 'cli');
const fixturesFromRoot = relative(repoRoot, fixtures); // test/fixtures/cli

const KEYS = ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity'];
const TEXT_LINE = /^[^:]+:\d+:\d+ (error|warning|info|hint) SLA\d{3} .+$/;

/** Runs `check … --format json` and returns the parsed findings (and the run). */
function checkJson(args: string[], cwd = repoRoot): { findings: Finding[]; result: CliRun } {
  const result = runCliJson<Finding[]>(['check', ...args, '--format', 'json'], { cwd });
  assert.ok(Array.isArray(result.json), why(result));
  return { findings: result.json, result };
}

function assertFindingShape(f: Finding): void {
  assert.deepEqual(Object.keys(f).sort(), KEYS, JSON.stringify(f));
  assert.equal(typeof f.file, 'string');
  for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
    assert.ok(Number.isInteger(f[key]) && f[key] >= 1, `${key} must be a 1-based integer: ${JSON.stringify(f)}`);
  }
  assert.ok(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column), `end before start: ${JSON.stringify(f)}`);
  assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity), JSON.stringify(f));
  assert.match(f.code, /^SLA\d{3}$/);
  assert.ok(f.message.length > 0);
  assert.ok(!f.message.includes('\n'), `a message must fit on one line: ${JSON.stringify(f)}`);
}

/** 1-based line and column of `token` on the first line of `file` that contains it. */
function positionIn(file: string, token: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(token));
  assert.notEqual(index, -1, `${file} has no ${token}`);
  return { line: index + 1, column: lines[index].indexOf(token) + 1 };
}

before(() => {
  assert.ok(existsSync(join(repoRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
});

describe('model-sla check: clean files', () => {
  test('exit 0 and `[]` in JSON, from the fixture root', () => {
    const { findings, result } = checkJson(['clean'], fixtures);
    assert.equal(result.status, 0, why(result));
    assert.deepEqual(findings, []);
    assert.equal(result.stdout.trim(), '[]');
  });

  test('exit 0 and `[]` in JSON, from the repo root', () => {
    const { findings, result } = checkJson([join(fixturesFromRoot, 'clean')]);
    assert.equal(result.status, 0, why(result));
    assert.deepEqual(findings, []);
  });

  test('text format: nothing on stdout; the three SLA files (.sla.yaml, .sla.yml, nested) are checked, other.yaml is not', () => {
    const args = ['check', 'clean'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 0, why(result));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /\b3 files checked\b/, why(result));
    assert.doesNotMatch(result.stderr + result.stdout, /other\.yaml/);
  });

  test('each clean file named on its own is clean too', () => {
    for (const file of ['clean/scoring.sla.yaml', 'clean/ranking.sla.yml', 'clean/nested/search/search.sla.yaml']) {
      const { findings, result } = checkJson([file], fixtures);
      assert.equal(result.status, 0, why(result));
      assert.deepEqual(findings, [], file);
    }
  });

  test('a folder without SLA files: exit 0', () => {
    const { findings, result } = checkJson(['no-sla'], fixtures);
    assert.equal(result.status, 0, why(result));
    assert.deepEqual(findings, []);
    const text = runCli(['check', 'no-sla'], { cwd: fixtures });
    assert.equal(text.status, 0, why(text));
    assert.equal(text.stdout, '');
  });
});

describe('model-sla check: files with errors', () => {
  const schemaFile = join('errors', 'schema-error.sla.yaml');
  const syntaxFile = join('errors', 'sub', 'syntax-error.sla.yml');

  test('exit 1; JSON findings have exactly the documented keys, 1-based, and the expected codes', () => {
    const { findings, result } = checkJson(['errors'], fixtures);
    assert.equal(result.status, 1, why(result));
    assert.ok(findings.length >= 2, JSON.stringify(findings));
    for (const f of findings) assertFindingShape(f);

    const files = new Set(findings.map((f) => f.file));
    assert.deepEqual([...files].sort(), [schemaFile, syntaxFile].sort());

    // The typo, exactly: on the `taget` key (5 characters), with a suggestion.
    const typoAt = positionIn(join(fixtures, schemaFile), 'taget:');
    const typo = findings.find((f) => f.file === schemaFile && f.code === 'SLA002' && f.message.includes('taget'));
    assert.ok(typo, JSON.stringify(findings, null, 2));
    assert.deepEqual(
      { line: typo.line, column: typo.column, endLine: typo.endLine, endColumn: typo.endColumn, severity: typo.severity },
      { line: typoAt.line, column: typoAt.column, endLine: typoAt.line, endColumn: typoAt.column + 'taget'.length, severity: 'error' },
    );
    assert.deepEqual({ line: typo.line, column: typo.column }, { line: 24, column: 5 });
    assert.match(typo.message, /did you mean `target`/);

    // The missing `target`: on the objective's `id` line (spec §9).
    const idAt = positionIn(join(fixtures, schemaFile), '- id: latency-p99');
    assert.ok(findings.some((f) => f.file === schemaFile && f.code === 'SLA002' && f.line === idAt.line && /`target`/.test(f.message) && !f.message.includes('taget')), JSON.stringify(findings, null, 2));

    // The syntax error: SLA001 at error level, between the unclosed `{` and the end of the file.
    const syntax = findings.filter((f) => f.file === syntaxFile && f.code === 'SLA001');
    assert.ok(syntax.length > 0, JSON.stringify(findings, null, 2));
    const openedAt = positionIn(join(fixtures, syntaxFile), 'window: { calendar: month');
    for (const f of syntax) {
      assert.equal(f.severity, 'error');
      assert.ok(f.line >= openedAt.line, JSON.stringify(f));
    }
  });

  test('`file` is relative to the current folder: fixture root vs. repo root', () => {
    const fromFixtures = checkJson(['errors'], fixtures).findings;
    const fromRoot = checkJson([join(fixturesFromRoot, 'errors')]).findings;
    assert.equal(fromRoot.length, fromFixtures.length);
    for (let i = 0; i < fromRoot.length; i++) {
      assert.equal(fromRoot[i].file, join(fixturesFromRoot, fromFixtures[i].file));
      assert.notEqual(fromRoot[i].file, fromFixtures[i].file);
      assert.deepEqual({ ...fromRoot[i], file: '' }, { ...fromFixtures[i], file: '' });
    }
    // An absolute path argument still prints paths relative to the current folder.
    const fromAbsolute = checkJson([join(fixtures, 'errors')], fixtures).findings;
    assert.deepEqual(fromAbsolute, fromFixtures);
  });

  test('text format: one line per finding, `file:line:col severity code message`, same findings as JSON', () => {
    const args = ['check', 'errors'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 1, why(result));
    const lines = result.stdout.split('\n').filter((l) => l !== '');
    assert.ok(lines.length >= 2, why(result));
    for (const line of lines) assert.match(line, TEXT_LINE);
    const json = checkJson(['errors'], fixtures).findings;
    assert.deepEqual(lines, json.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`));
    // The summary goes to stderr, never into the findings.
    assert.ok(result.stderr.length > 0);
    assert.equal(runCli([...args, '--quiet'], { cwd: fixtures }).stderr, '');
  });

  test('-f json is --format json', () => {
    const long = runCli(['check', 'errors', '--format', 'json'], { cwd: fixtures });
    const short = runCli(['check', 'errors', '-f', 'json'], { cwd: fixtures });
    const equals = runCli(['check', 'errors', '--format=json'], { cwd: fixtures });
    assert.equal(short.stdout, long.stdout);
    assert.equal(equals.stdout, long.stdout);
    assert.equal(short.status, 1);
  });

  test('clean and error folders together: exit 1, only the error files reported', () => {
    const { findings, result } = checkJson(['clean', 'errors'], fixtures);
    assert.equal(result.status, 1);
    assert.ok(findings.every((f) => f.file.startsWith('errors/')), JSON.stringify(findings));
  });
});

describe('model-sla: usage', () => {
  test('a missing path: exit 2 with a message on stderr naming it', () => {
    const args = ['check', 'does-not-exist'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 2, why(result));
    assert.match(result.stderr, /does-not-exist/);
  });

  test('a missing path next to an existing one: still exit 2', () => {
    const args = ['check', 'clean', 'does-not-exist.sla.yaml'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 2, why(result));
    assert.match(result.stderr, /does-not-exist\.sla\.yaml/);
  });

  test('an unknown option: exit 2 with a message on stderr', () => {
    const args = ['check', 'clean', '--no-such-option'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 2, why(result));
    assert.match(result.stderr, /no-such-option/);
  });

  test('an unknown --format: exit 2', () => {
    const args = ['check', 'clean', '--format', 'xml'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 2, why(result));
    assert.match(result.stderr, /xml/);
  });

  test('an unknown command: exit 2 with a message on stderr', () => {
    const args = ['chek', 'clean'];
    const result = runCli(args, { cwd: fixtures });
    assert.equal(result.status, 2, why(result));
    assert.match(result.stderr, /chek/);
    assert.equal(result.stdout, '');
  });

  test('--help: exit 0, usage mentions check, --format and the exit codes', () => {
    for (const flag of ['--help', '-h']) {
      const result = runCli([flag]);
      assert.equal(result.status, 0, why(result));
      const help = result.stdout;
      assert.match(help, /\bcheck\b/);
      assert.match(help, /--format/);
      assert.match(help, /json/);
      assert.match(help, /exit codes/i);
      for (const code of ['0', '1', '2']) assert.match(help, new RegExp(`^\\s*${code}\\s+\\S`, 'm'), `exit code ${code} not explained`);
    }
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = runCli([flag]);
      assert.equal(result.status, 0, why(result));
      assert.equal(result.stdout.trim(), version);
    }
  });
});

describe('model-sla check: folder walking', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-cli-'));
    cpSync(join(fixtures, 'errors'), join(dir, 'errors'), { recursive: true });
    // A symlink back to its own folder (a loop), as checked-out monorepos sometimes have.
    symlinkSync('.', join(dir, 'errors', 'self'), 'dir');
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('a symlink loop does not make the CLI check the same file again and again', () => {
    const { findings, result } = checkJson(['errors'], dir);
    assert.equal(result.status, 1, why(result));
    const files = new Set(findings.map((f) => f.file));
    assert.equal(files.size, 2, [...files].slice(0, 5).join('\n'));
  });
});

describe('I/O problems are reported per file, and the other files are still checked', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-io-'));
    cpSync(join(fixtures, 'errors', 'schema-error.sla.yaml'), join(dir, 'good.sla.yaml'));
    mkdirSync(join(dir, 'folder.sla.yaml'));                       // a directory with an SLA name
    symlinkSync(join(dir, 'nowhere.sla.yaml'), join(dir, 'gone.sla.yaml')); // a dangling symlink
    writeFileSync(join(dir, 'huge.sla.yaml'), `# ${'x'.repeat(21 * 1024 * 1024)}\n`); // over the size limit
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exit 2, one line per unreadable file on stderr, the readable file’s findings on stdout', () => {
    const r = runCli(['check', dir, '--format', 'json']);
    assert.equal(r.status, 2, why(r));
    assert.match(r.stderr, /huge\.sla\.yaml: 21\.0 MB, over the 20 MB limit for SLA files; not checked/);
    assert.match(r.stderr, /gone\.sla\.yaml: cannot be read \(ENOENT: a symlink to nothing\?\)/);
    const findings = JSON.parse(r.stdout) as Finding[];
    assert.ok(findings.some((f) => f.file.endsWith('good.sla.yaml') && f.code === 'SLA002'), r.stdout);
    assert.ok(!findings.some((f) => /huge|gone|folder/.test(f.file)));
  });
});

describe('values report could not compute are refused by check (p0, a zero-length window, an impossible date)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-hostile-'));
    cpSync(join(fixtures, 'clean', 'metrics'), join(dir, 'metrics'), { recursive: true });
    const clean = readFileSync(join(fixtures, 'clean', 'scoring.sla.yaml'), 'utf8');
    for (const [from] of [['percentile: p90', 'percentile: p0'], ['window: { rolling: 28d }', 'window: { rolling: 0d }'], ['start: 2026-08-01', 'start: 2026-02-30']]) {
      assert.ok(clean.includes(from), `the fixture has ${from}`);
    }
    const hostile = clean.replace('percentile: p90', 'percentile: p0').replace('window: { rolling: 28d }', 'window: { rolling: 0d }').replace('start: 2026-08-01', 'start: 2026-02-30');
    writeFileSync(join(dir, 'hostile.sla.yaml'), hostile);
    // The clean file with lone CR line breaks (valid YAML 1.2): as clean as with LF.
    writeFileSync(join(dir, 'mac.sla.yaml'), clean.replace(/\n/g, '\r').replace('name: scoring-fixture-int', 'name: scoring-fixture-mac'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('check: exit 1, exactly three SLA002 errors, each on its value', () => {
    const { findings, result } = checkJson(['hostile.sla.yaml'], dir);
    assert.equal(result.status, 1, why(result));
    for (const f of findings) assertFindingShape(f);
    const file = join(dir, 'hostile.sla.yaml');
    const span = (token: string, after = '') => {
      const at = positionIn(file, `${after}${token}`);
      const column = at.column + after.length;
      return `SLA002 error ${at.line}:${column}-${at.line}:${column + token.length}`;
    };
    assert.deepEqual(findings.map((f) => `${f.code} ${f.severity} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`), [
      span('2026-02-30', 'start: '),
      span('p0', 'percentile: '),
      span('0d', 'rolling: '),
    ]);
    assert.match(findings[0].message, /`2026-02-30` is not a date: February 2026 has 28 days/);
    assert.match(findings[1].message, /`p0` is not a percentile/);
    assert.match(findings[2].message, /a duration must be positive, found `0d`/);
  });

  test('report refuses the file (exit 2) instead of reporting no-data everywhere with exit 0', () => {
    const r = runCli(['report', 'hostile.sla.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 2, why(r));
  });

  test('a lone-CR SLA file: exit 0, no finding', () => {
    const { findings, result } = checkJson(['mac.sla.yaml'], dir);
    assert.equal(result.status, 0, why(result));
    assert.deepEqual(findings, []);
  });
});
